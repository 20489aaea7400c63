"""Volunteer registrations: always the person's own act, matched to the roster."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from volunteer.auth.models import Account
from volunteer.clock import UTCDateTime, utc_now
from volunteer.core.columns import stored_as_value
from volunteer.extensions import Model
from volunteer.people.models import StaffMember
from volunteer.texts import N_
from volunteer.units.models import Unit


class RegistrationStatus(StrEnum):
    """A registration counts only when active; a roster mismatch waits as pending."""

    PENDING = "pending"
    ACTIVE = "active"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        """Name the status as managers read it (a msgid: translate where shown)."""
        return REGISTRATION_STATUS_LABELS[self]

    @property
    def tone(self) -> str:
        """Say how a badge shows it: counted (ok), waiting for a manager (warn), or out (muted)."""
        return {RegistrationStatus.ACTIVE: "ok", RegistrationStatus.PENDING: "warn"}.get(
            self, "muted"
        )


REGISTRATION_STATUS_LABELS = {
    RegistrationStatus.PENDING: N_("待核对"),
    RegistrationStatus.ACTIVE: N_("已注册"),
    RegistrationStatus.REJECTED: N_("已驳回"),
}


class RegistrationSource(StrEnum):
    """Where the registration was made."""

    SELF = "self"  # through the unit's registration link
    NATIONAL_IMPORT = "national_import"  # made in 全国志愿服务信息系统, imported by a manager

    @property
    def label(self) -> str:
        """Name the source (a msgid: translate where shown)."""
        return REGISTRATION_SOURCE_LABELS[self]


REGISTRATION_SOURCE_LABELS = {
    RegistrationSource.SELF: N_("本人注册"),
    RegistrationSource.NATIONAL_IMPORT: N_("全国志愿服务信息系统导入"),
}


class Registration(Model):
    """A person's registration as a volunteer, staff member or external (not counted in targets)."""

    __tablename__ = "registration"
    # Progress asks, for every person in a headcount, "registered on or before D?": answered
    # from this index alone, without visiting the row.
    __table_args__ = (
        Index("ix_registration_counted", "staff_member_id", "status", "registered_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[RegistrationStatus] = mapped_column(
        stored_as_value(RegistrationStatus, 16), default=RegistrationStatus.PENDING, index=True
    )
    source: Mapped[RegistrationSource] = mapped_column(
        stored_as_value(RegistrationSource, 20), default=RegistrationSource.SELF
    )
    # One registration per staff member; NULL while pending and for external volunteers.
    staff_member_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"), unique=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), unique=True)
    # The unit whose link was used: whose manager resolves a mismatch.
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    is_external: Mapped[bool] = mapped_column(default=False)
    external_affiliation: Mapped[str | None] = mapped_column(String(100))
    # What the person typed, kept as given so a manager can see why matching failed.
    claimed_name: Mapped[str] = mapped_column(String(50))
    claimed_staff_no: Mapped[str | None] = mapped_column(String(32))
    phone: Mapped[str | None] = mapped_column(String(20))
    national_volunteer_no: Mapped[str | None] = mapped_column(String(40))
    registered_on: Mapped[date]
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolution_reason: Mapped[str | None] = mapped_column(Text)

    staff_member: Mapped[StaffMember | None] = relationship()
    account: Mapped[Account | None] = relationship(foreign_keys=[account_id])
    unit: Mapped[Unit] = relationship()

    @property
    def is_active(self) -> bool:
        return self.status == RegistrationStatus.ACTIVE

    @property
    def is_pending(self) -> bool:
        return self.status == RegistrationStatus.PENDING

    @property
    def counts_in_targets(self) -> bool:
        """Say whether it counts in its unit's registration target: active, staff in service."""
        return (
            self.is_active
            and not self.is_external
            and self.staff_member is not None
            and self.staff_member.in_service
        )
