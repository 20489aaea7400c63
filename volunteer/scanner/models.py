"""Personal codes: the rotating code on a volunteer's phone and printed, revocable badges."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from volunteer.auth.models import Account
from volunteer.clock import UTCDateTime, utc_now
from volunteer.core.columns import stored_as_value
from volunteer.extensions import Model
from volunteer.texts import N_


class CodeKind(StrEnum):
    """A phone code rotates every 30 s; a badge is static and printed for people without one."""

    PHONE = "phone"
    BADGE = "badge"

    @property
    def label(self) -> str:
        """The kind's name, marked for translation: translate it where it is shown."""
        return CODE_KIND_LABELS[self]


CODE_KIND_LABELS = {
    CodeKind.PHONE: N_("手机个人码"),
    CodeKind.BADGE: N_("胸卡"),
}


def new_code_key() -> str:
    """Return the random key a personal token carries instead of the account's id."""
    return secrets.token_urlsafe(12)


class VolunteerCode(Model):
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
    kind: Mapped[CodeKind] = mapped_column(stored_as_value(CodeKind, 8))
    key: Mapped[str] = mapped_column(String(24), unique=True, default=new_code_key)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))

    account: Mapped[Account] = relationship(foreign_keys=[account_id])

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class ScanAction(StrEnum):
    """What the coordinator chose before scanning: never a toggle, so a replay cannot flip it."""

    SIGN_IN = "sign_in"
    SIGN_OUT = "sign_out"


class OfflineOutcome(StrEnum):
    """What became of a scan kept on the coordinator's device, as their scanner lists it."""

    ACCEPTED = "accepted"
    REVIEW = "review"  # recorded, and sent to review: the device clock or the code's time is off
    REFUSED = "refused"  # nothing recorded; `message` says why
    # A sign-out that found no open session: kept until a sign-in before it arrives (another
    # device's queue), then applied; without one it records nothing.
    HELD = "held"


class OfflineScan(Model):
    """A scan queued on a coordinator's device, received once by the id the device gave it."""

    __tablename__ = "offline_scan"

    id: Mapped[int] = mapped_column(primary_key=True)
    device_scan_id: Mapped[str] = mapped_column(String(64), unique=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), index=True)
    scanned_by_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)
    action: Mapped[ScanAction] = mapped_column(stored_as_value(ScanAction, 8))
    # The device's own time of the scan, and how far the device clock was behind the server's
    # when the scan arrived (negative: ahead).
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime())
    clock_offset_seconds: Mapped[int] = mapped_column(default=0)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    outcome: Mapped[OfflineOutcome] = mapped_column(stored_as_value(OfflineOutcome, 8))
    message: Mapped[str] = mapped_column(String(300), default="")
    record_id: Mapped[int | None] = mapped_column(ForeignKey("service_record.id"))
