"""A notice to one person: its kind and figures, who sent it, whether read, whether mailed."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from volunteer.clock import UTCDateTime, utc_now
from volunteer.core.columns import stored_as_value
from volunteer.extensions import Model
from volunteer.people.models import StaffMember
from volunteer.reminders.plan import NoticeKind
from volunteer.texts import N_
from volunteer.units.models import Unit


class MailStatus(StrEnum):
    """What became of a notice's e-mail."""

    NOT_CONFIGURED = "not_configured"
    NO_ADDRESS = "no_address"
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"

    @property
    def label(self) -> str:
        """Name the status (a msgid: translate where shown)."""
        return MAIL_STATUS_LABELS[self]

    @property
    def tone(self) -> str:
        """Say how a badge shows it."""
        return {MailStatus.SENT: "ok", MailStatus.FAILED: "warn"}.get(self, "muted")


MAIL_STATUS_LABELS = {
    MailStatus.NOT_CONFIGURED: N_("未配置邮件服务器"),
    MailStatus.NO_ADDRESS: N_("无邮箱"),
    MailStatus.QUEUED: N_("待发送"),
    MailStatus.SENT: N_("邮件已发送"),
    MailStatus.FAILED: N_("邮件发送失败"),
}


class Notice(Model):
    """One reminder to one person; its text is rendered from kind and data when read."""

    __tablename__ = "notice"
    __table_args__ = (
        Index("ix_notice_staff_member_id_created_at", "staff_member_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_member_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id"))
    kind: Mapped[NoticeKind] = mapped_column(stored_as_value(NoticeKind, 16))
    # The figures the text is built from: year, hours needed, weekly rate, the unit's link code.
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The unit whose manager sent it (the person's unit on the list).
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    mail_status: Mapped[MailStatus] = mapped_column(
        stored_as_value(MailStatus, 16), default=MailStatus.NOT_CONFIGURED
    )
    mail_error: Mapped[str | None] = mapped_column(String(200))
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    staff_member: Mapped[StaffMember] = relationship()
    unit: Mapped[Unit] = relationship()

    @property
    def is_read(self) -> bool:
        """Say whether the person has marked it read."""
        return self.read_at is not None
