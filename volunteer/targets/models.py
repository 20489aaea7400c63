"""年度目标: one row per year, with the document that set it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from volunteer.clock import UTCDateTime, utc_now
from volunteer.extensions import Model


class YearlyTarget(Model):
    """A year's two assessment targets (docs/rules.md §4.1); a year with no row uses defaults."""

    __tablename__ = "yearly_target"
    __table_args__ = (
        CheckConstraint("registration_rate > 0 AND registration_rate <= 1", name="rate_fraction"),
        CheckConstraint("hours_per_person > 0", name="hours_positive"),
    )

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    # A fraction: 1.0000 is 100% of staff.
    registration_rate: Mapped[Decimal] = mapped_column(Numeric(5, 4))
    hours_per_person: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    # The document that set them, e.g. "市卫健委〔2026〕12号".
    document: Mapped[str | None] = mapped_column(String(200))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, onupdate=utc_now)

    def __repr__(self) -> str:
        return f"<YearlyTarget {self.year} {self.registration_rate} {self.hours_per_person}h>"
