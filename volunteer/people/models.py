"""The staff roster: the people a unit's targets are measured against."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from volunteer.clock import UTCDateTime, utc_now
from volunteer.core.columns import stored_as_value
from volunteer.extensions import Model
from volunteer.texts import N_
from volunteer.units.models import Unit


class EmploymentStatus(StrEnum):
    """在职状态; only people in service count in a unit's headcount."""

    ACTIVE = "active"
    LEFT = "left"
    RETIRED = "retired"

    @property
    def label(self) -> str:
        """Name the status as the import's 在职状态 column writes it (a msgid: translate it)."""
        return EMPLOYMENT_STATUS_LABELS[self]

    @property
    def tone(self) -> str:
        """Say how a badge shows it: in service (ok), retired (muted), left (warn)."""
        return {EmploymentStatus.ACTIVE: "ok", EmploymentStatus.RETIRED: "muted"}.get(self, "warn")


EMPLOYMENT_STATUS_LABELS = {
    EmploymentStatus.ACTIVE: N_("在职"),
    EmploymentStatus.LEFT: N_("离职"),
    EmploymentStatus.RETIRED: N_("退休"),
}


PARTY_MEMBER_STATUSES = frozenset({"中共党员", "中共预备党员"})


class StaffMember(Model):
    """One person on a unit's roster; never deleted, marked as left instead."""

    __tablename__ = "staff_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    # 工号 is text: "000123" and "123" are different people.
    staff_no: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(50), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    phone: Mapped[str | None] = mapped_column(String(20), index=True)
    # Where reminders are e-mailed (volunteer/reminders); without one, only the notice is shown.
    email: Mapped[str | None] = mapped_column(String(254))
    gender: Mapped[str | None] = mapped_column(String(8))
    id_card: Mapped[str | None] = mapped_column(String(18))
    political_status: Mapped[str | None] = mapped_column(String(20))
    hired_on: Mapped[date | None]
    status: Mapped[EmploymentStatus] = mapped_column(
        stored_as_value(EmploymentStatus, 16), default=EmploymentStatus.ACTIVE
    )
    left_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, onupdate=utc_now)

    unit: Mapped[Unit] = relationship()
    transfers: Mapped[list[StaffTransfer]] = relationship(
        back_populates="staff_member", order_by="StaffTransfer.effective_on"
    )

    @property
    def in_service(self) -> bool:
        return self.status == EmploymentStatus.ACTIVE

    @property
    def is_party_member(self) -> bool:
        """中共党员 and 中共预备党员 report as party members' service; 农工党党员 does not."""
        return self.political_status in PARTY_MEMBER_STATUSES

    def __repr__(self) -> str:
        return f"<StaffMember {self.staff_no} {self.name}>"


class StaffTransfer(Model):
    """A move between units, kept so hours can follow a person to the unit of a given date."""

    __tablename__ = "staff_transfer"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_member_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id"), index=True)
    from_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    to_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    effective_on: Mapped[date]
    reason: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)

    staff_member: Mapped[StaffMember] = relationship(back_populates="transfers")
    from_unit: Mapped[Unit] = relationship(foreign_keys=[from_unit_id])
    to_unit: Mapped[Unit] = relationship(foreign_keys=[to_unit_id])
