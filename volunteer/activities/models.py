"""Activities and what groups them: categories, monthly themes, teams and projects."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from volunteer.activities.places import Places
from volunteer.auth.models import Account
from volunteer.clock import UTCDateTime, utc_now
from volunteer.core.columns import stored_as_value
from volunteer.extensions import Model
from volunteer.people.validation import names_someone
from volunteer.texts import N_
from volunteer.units.models import Unit

# Seeded by the migration; the admin may add, rename, reorder and retire categories.
DEFAULT_CATEGORIES = [
    "义诊/健康咨询",
    "健康宣教/科普",
    "导诊陪诊",
    "关爱老人/特殊人群",
    "应急救援/急救培训",
    "心理疏导",
    "无偿献血",
    "文明交通劝导",
    "环境卫生/控烟",
    "其他",
]


class Category(Model):
    """服务类别: a managed list; meetings and office duty have none, so they are not activities."""

    __tablename__ = "category"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class MonthlyTheme(Model):
    """一月一主题: the admin sets one theme per month of a year."""

    __tablename__ = "monthly_theme"
    __table_args__ = (UniqueConstraint("year", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    month: Mapped[int]
    title: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)


class TeamKind(StrEnum):
    """志愿服务队 type; emergency teams get the one-click call-out roster."""

    PARTY = "party"
    YOUTH = "youth"
    EMERGENCY_MEDICAL = "emergency_medical"
    EMERGENCY_RESCUE = "emergency_rescue"
    PSYCHOLOGICAL = "psychological"
    PROFESSIONAL = "professional"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The type's name, marked for translation: translate it where it is shown."""
        return TEAM_KIND_LABELS[self]


TEAM_KIND_LABELS = {
    TeamKind.PARTY: N_("党员志愿服务队"),
    TeamKind.YOUTH: N_("青年志愿服务队"),
    TeamKind.EMERGENCY_MEDICAL: N_("应急医疗队"),
    TeamKind.EMERGENCY_RESCUE: N_("应急救援队"),
    TeamKind.PSYCHOLOGICAL: N_("心理疏导队"),
    TeamKind.PROFESSIONAL: N_("专业服务队"),
    TeamKind.OTHER: N_("其他"),
}

EMERGENCY_TEAM_KINDS = frozenset({TeamKind.EMERGENCY_MEDICAL, TeamKind.EMERGENCY_RESCUE})


class Team(Model):
    """A standing volunteer team owned by a unit; a commission-level team spans many units."""

    __tablename__ = "team"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[TeamKind] = mapped_column(stored_as_value(TeamKind, 24), default=TeamKind.OTHER)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    disbanded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    unit: Mapped[Unit] = relationship()
    members: Mapped[list[TeamMember]] = relationship(
        back_populates="team",
        primaryjoin="and_(Team.id == TeamMember.team_id, TeamMember.left_at.is_(None))",
        viewonly=True,
    )

    @property
    def is_emergency(self) -> bool:
        return self.kind in EMERGENCY_TEAM_KINDS


class TeamMember(Model):
    """A registered volunteer in a team, as leader or member, with their skills."""

    __tablename__ = "team_member"
    __table_args__ = (
        # One live membership per person and team; past ones stay for the record.
        Index(
            "uq_team_member_live",
            "team_id",
            "account_id",
            unique=True,
            sqlite_where=text("left_at IS NULL"),
            postgresql_where=text("left_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    is_leader: Mapped[bool] = mapped_column(default=False)
    skills: Mapped[str | None] = mapped_column(String(200))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    team: Mapped[Team] = relationship(back_populates="members")
    account: Mapped[Account] = relationship()


class Project(Model):
    """志愿服务项目: a unit's long-running service brand that groups its activities."""

    __tablename__ = "project"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    unit: Mapped[Unit] = relationship()


class ActivityStatus(StrEnum):
    """An activity is never deleted; a cancelled one keeps its records and sign-ups."""

    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """The status's name, marked for translation: translate it where it is shown."""
        return ACTIVITY_STATUS_LABELS[self]


ACTIVITY_STATUS_LABELS = {
    ActivityStatus.SCHEDULED: N_("已安排"),
    ActivityStatus.CANCELLED: N_("已取消"),
}


def new_token_key() -> str:
    """Return a random key that names an activity inside QR tokens instead of its id."""
    return secrets.token_urlsafe(12)


def activity_number(activity_id: int) -> str:
    """Return 活动编号 for an activity id: HD000123 (exports that select only the id use it)."""
    return f"HD{activity_id:06d}"


class Activity(Model):
    """志愿服务活动: where and when volunteers serve; sessions are clipped to its times."""

    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"), index=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("monthly_theme.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id"), index=True)
    place: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    capacity: Mapped[int | None]
    signup_required: Mapped[bool] = mapped_column(default=False)
    description: Mapped[str | None] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[ActivityStatus] = mapped_column(
        stored_as_value(ActivityStatus, 16), default=ActivityStatus.SCHEDULED
    )
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    # QR tokens name the activity by this key, never by its id.
    token_key: Mapped[str] = mapped_column(String(24), unique=True, default=new_token_key)
    # A printed poster code is allowed only when set; bumping the generation revokes old posters.
    static_code_allowed: Mapped[bool] = mapped_column(default=False)
    static_code_generation: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, onupdate=utc_now)

    category: Mapped[Category] = relationship()
    theme: Mapped[MonthlyTheme | None] = relationship()
    unit: Mapped[Unit] = relationship()
    team: Mapped[Team | None] = relationship()
    project: Mapped[Project | None] = relationship()

    @property
    def number(self) -> str:
        """活动编号 as printed on screens and used by the records import: HD000123."""
        return activity_number(self.id)

    @property
    def contact_names_someone(self) -> bool:
        """Say whether the contact holds a name (older activities may hold a phone alone)."""
        return names_someone(self.contact)

    @property
    def is_cancelled(self) -> bool:
        return self.status == ActivityStatus.CANCELLED

    @property
    def has_started(self) -> bool:
        """Say whether the activity has begun (sign-ups and withdrawals close then)."""
        return utc_now() >= self.starts_at

    def places(self, confirmed: int) -> Places:
        """Return the activity's places given its count of confirmed sign-ups."""
        return Places(capacity=self.capacity, confirmed=confirmed)


class SignupStatus(StrEnum):
    """A sign-up holds a place, waits for one, or was withdrawn."""

    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """The status's name, marked for translation: translate it where it is shown."""
        return SIGNUP_STATUS_LABELS[self]


SIGNUP_STATUS_LABELS = {
    SignupStatus.CONFIRMED: N_("已报名"),
    SignupStatus.WAITLISTED: N_("候补中"),
    SignupStatus.CANCELLED: N_("已取消报名"),
}


class Signup(Model):
    """A volunteer's sign-up for an activity; beyond capacity it joins the waiting list."""

    __tablename__ = "signup"
    __table_args__ = (UniqueConstraint("activity_id", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    status: Mapped[SignupStatus] = mapped_column(
        stored_as_value(SignupStatus, 16), default=SignupStatus.CONFIRMED
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    # Waiting-list order: the time the person joined it (or re-joined after withdrawing).
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, onupdate=utc_now)

    activity: Mapped[Activity] = relationship()
    account: Mapped[Account] = relationship()
