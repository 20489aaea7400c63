"""Personal codes: the rotating code on a volunteer's phone and printed, revocable badges."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from volunteer.auth.models import Account
from volunteer.clock import UTCDateTime, utc_now
from volunteer.extensions import db


class CodeKind(StrEnum):
    """A phone code rotates every 30 s; a badge is static and printed for people without one."""

    PHONE = "phone"
    BADGE = "badge"


def new_code_key() -> str:
    """Return the random key a personal token carries instead of the account's id."""
    return secrets.token_urlsafe(12)


class VolunteerCode(db.Model):
    """A key that names a volunteer inside personal QR tokens; revoking it kills the code."""

    __tablename__ = "volunteer_code"
    __table_args__ = (
        # One live phone key per person; badges may be reprinted, each revocable on its own.
        Index(
            "uq_volunteer_code_live_phone",
            "account_id",
            unique=True,
            sqlite_where=text("kind = 'phone' AND revoked_at IS NULL"),
            postgresql_where=text("kind = 'phone' AND revoked_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    key: Mapped[str] = mapped_column(String(24), unique=True, default=new_code_key)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))

    account: Mapped[Account] = relationship(foreign_keys=[account_id])

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
