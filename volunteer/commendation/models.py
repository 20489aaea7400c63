"""评选表彰: a year's campaign, its quotas per unit, nominations and objections to them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, LargeBinary, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from volunteer.auth.models import Account
from volunteer.clock import UTCDateTime, utc_now
from volunteer.core.columns import stored_as_value
from volunteer.extensions import Model
from volunteer.texts import N_
from volunteer.units.models import Unit


class CampaignStatus(StrEnum):
    """Where a campaign stands; it only moves forward."""

    OPEN = "open"  # units nominate until the deadline
    REVIEWING = "reviewing"  # nominations closed, the level above reviews
    PUBLISHED = "published"  # the approved list is on notice (公示)
    FINAL = "final"  # the notice period ended with no open objection

    @property
    def label(self) -> str:
        """Name the status (a msgid: translate where shown)."""
        return CAMPAIGN_STATUS_LABELS[self]


CAMPAIGN_STATUS_LABELS = {
    CampaignStatus.OPEN: N_("提名中"),
    CampaignStatus.REVIEWING: N_("审核中"),
    CampaignStatus.PUBLISHED: N_("公示中"),
    CampaignStatus.FINAL: N_("已定稿"),
}


class QuotaKind(StrEnum):
    """How a unit's quota is set: a number for every unit, or a share of its volunteers."""

    NUMBER = "number"
    SHARE = "share"

    @property
    def label(self) -> str:
        """Name the kind (a msgid: translate where shown)."""
        return QUOTA_KIND_LABELS[self]


QUOTA_KIND_LABELS = {
    QuotaKind.NUMBER: N_("每个单位固定名额"),
    QuotaKind.SHARE: N_("按单位注册志愿者人数的比例"),
}


class NominationStatus(StrEnum):
    """A nomination waits for review, then is approved or rejected; an objection may withdraw it."""

    NOMINATED = "nominated"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        """Name the status (a msgid: translate where shown)."""
        return NOMINATION_STATUS_LABELS[self]

    @property
    def tone(self) -> str:
        """Say how a badge shows it."""
        return {NominationStatus.APPROVED: "ok", NominationStatus.NOMINATED: "warn"}.get(
            self, "muted"
        )


NOMINATION_STATUS_LABELS = {
    NominationStatus.NOMINATED: N_("待审核"),
    NominationStatus.APPROVED: N_("审核通过"),
    NominationStatus.REJECTED: N_("未通过"),
    NominationStatus.WITHDRAWN: N_("已撤销"),
}
# The nominations that take a place in the unit's quota.
HOLDING_QUOTA = (NominationStatus.NOMINATED, NominationStatus.APPROVED)


class ObjectionStatus(StrEnum):
    """An objection is open until the reviewer resolves it, withdrawing the nomination or not."""

    OPEN = "open"
    UPHELD = "upheld"
    DISMISSED = "dismissed"

    @property
    def label(self) -> str:
        """Name the status (a msgid: translate where shown)."""
        return OBJECTION_STATUS_LABELS[self]


OBJECTION_STATUS_LABELS = {
    ObjectionStatus.OPEN: N_("待处理"),
    ObjectionStatus.UPHELD: N_("已处理，撤销提名"),
    ObjectionStatus.DISMISSED: N_("已处理，维持提名"),
}


class Campaign(Model):
    """One year's 优秀志愿者评选: eligibility, quotas, deadline and notice period."""

    __tablename__ = "commendation_campaign"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    title: Mapped[str] = mapped_column(String(100))
    status: Mapped[CampaignStatus] = mapped_column(
        stored_as_value(CampaignStatus, 16), default=CampaignStatus.OPEN
    )
    min_hours: Mapped[Decimal] = mapped_column(Numeric(6, 1))
    quota_kind: Mapped[QuotaKind] = mapped_column(stored_as_value(QuotaKind, 16))
    # A number of people, or a percentage of the unit's registered volunteers.
    quota_value: Mapped[Decimal] = mapped_column(Numeric(6, 1))
    nomination_deadline: Mapped[date]
    notice_days: Mapped[int] = mapped_column(default=5)
    notice_starts_on: Mapped[date | None]
    notice_ends_on: Mapped[date | None]
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finalised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    quotas: Mapped[list[CampaignQuota]] = relationship(
        back_populates="campaign", order_by="CampaignQuota.unit_id"
    )

    @property
    def takes_nominations(self) -> bool:
        return self.status is CampaignStatus.OPEN

    @property
    def is_reviewing(self) -> bool:
        return self.status is CampaignStatus.REVIEWING

    @property
    def is_published(self) -> bool:
        return self.status is CampaignStatus.PUBLISHED

    @property
    def quota_is_share(self) -> bool:
        return self.quota_kind is QuotaKind.SHARE

    @property
    def under_review(self) -> bool:
        return self.status in (CampaignStatus.OPEN, CampaignStatus.REVIEWING)

    @property
    def is_public(self) -> bool:
        """Say whether everyone in the organisation sees its list."""
        return self.status in (CampaignStatus.PUBLISHED, CampaignStatus.FINAL)

    @property
    def is_final(self) -> bool:
        return self.status is CampaignStatus.FINAL

    def __repr__(self) -> str:
        return f"<Campaign {self.year} {self.status}>"


class CampaignQuota(Model):
    """A nominating unit's places, fixed when the campaign opens."""

    __tablename__ = "commendation_quota"

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("commendation_campaign.id"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), primary_key=True)
    # The unit's registered volunteers in service when the campaign opened.
    registered: Mapped[int]
    places: Mapped[int]

    campaign: Mapped[Campaign] = relationship(back_populates="quotas")
    unit: Mapped[Unit] = relationship()


class Nomination(Model):
    """A unit's nomination of one volunteer, with the hours the system filled in."""

    __tablename__ = "commendation_nomination"
    __table_args__ = (UniqueConstraint("campaign_id", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("commendation_campaign.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    # The nominating unit (a child of the root), and the person's own unit within it.
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    name: Mapped[str] = mapped_column(String(50))
    year_hours: Mapped[Decimal] = mapped_column(Numeric(7, 1))
    cumulative_hours: Mapped[Decimal] = mapped_column(Numeric(8, 1))
    citation: Mapped[str] = mapped_column(Text)
    status: Mapped[NominationStatus] = mapped_column(
        stored_as_value(NominationStatus, 16), default=NominationStatus.NOMINATED
    )
    nominated_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    nominated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    review_reason: Mapped[str | None] = mapped_column(Text)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    honour_serial: Mapped[str | None] = mapped_column(String(40))
    attachment_name: Mapped[str | None] = mapped_column(String(200))
    attachment_type: Mapped[str | None] = mapped_column(String(100))
    attachment_size: Mapped[int | None]
    attachment: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))

    campaign: Mapped[Campaign] = relationship()
    account: Mapped[Account] = relationship(foreign_keys=[account_id])
    unit: Mapped[Unit] = relationship(foreign_keys=[unit_id])
    department: Mapped[Unit | None] = relationship(foreign_keys=[department_id])
    objections: Mapped[list[Objection]] = relationship(
        back_populates="nomination", order_by="Objection.id"
    )

    @property
    def is_approved(self) -> bool:
        return self.status is NominationStatus.APPROVED

    @property
    def is_reviewable(self) -> bool:
        return self.status is NominationStatus.NOMINATED and self.campaign.under_review

    @property
    def takes_objections(self) -> bool:
        return (
            self.status is NominationStatus.APPROVED
            and self.campaign.status is CampaignStatus.PUBLISHED
        )


class Objection(Model):
    """异议 to a published nomination: the objector's real name and contact stay confidential."""

    __tablename__ = "commendation_objection"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("commendation_nomination.id"), index=True)
    raised_by_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    real_name: Mapped[str] = mapped_column(String(50))
    contact: Mapped[str] = mapped_column(String(100))
    content: Mapped[str] = mapped_column(Text)
    status: Mapped[ObjectionStatus] = mapped_column(
        stored_as_value(ObjectionStatus, 16), default=ObjectionStatus.OPEN
    )
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolution_note: Mapped[str | None] = mapped_column(Text)

    nomination: Mapped[Nomination] = relationship(back_populates="objections")

    @property
    def is_open(self) -> bool:
        return self.status is ObjectionStatus.OPEN
