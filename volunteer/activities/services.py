"""Writes for activities and their sign-ups with a waiting list (categories: catalogue.py).

Every function flushes and audits; the caller commits once. Scope (who may act on which unit)
is checked by the views before they call in here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from volunteer.activities.models import (
    Activity,
    ActivityStatus,
    Category,
    MonthlyTheme,
    Project,
    Signup,
    SignupStatus,
    Team,
)
from volunteer.activities.queries import (
    has_counting_records,
    has_settled_records,
    is_registered_volunteer,
    theme_for,
)
from volunteer.audit.services import record_change, snapshot
from volunteer.auth.models import Account
from volunteer.clock import utc_now
from volunteer.errors import Conflict, DomainError
from volunteer.extensions import db
from volunteer.units.models import Unit

__all__ = ["theme_for"]  # re-exported: the activity form preselects the start month's theme

MAX_ACTIVITY_LENGTH = timedelta(days=366)

ACTIVITY_FIELDS = [
    "title",
    "category_id",
    "theme_id",
    "unit_id",
    "team_id",
    "project_id",
    "place",
    "starts_at",
    "ends_at",
    "capacity",
    "signup_required",
    "static_code_allowed",
    "description",
    "contact",
    "status",
    "cancel_reason",
]
SIGNUP_FIELDS = ["activity_id", "account_id", "status", "queued_at"]


def _audit(obj, subject_type: str, action: str, fields: list[str], *, unit_id=None, **kw) -> None:
    record_change(
        action=action,
        subject_type=subject_type,
        subject_id=obj.id,
        unit_id=unit_id,
        after=snapshot(obj, fields),
        **kw,
    )


# Activities ---------------------------------------------------------------------------------


@dataclass
class ActivityDetails:
    """What an organiser fills in for an activity."""

    title: str
    category: Category
    theme: MonthlyTheme | None
    unit: Unit
    team: Team | None
    project: Project | None
    place: str
    starts_at: object  # aware datetime
    ends_at: object
    capacity: int | None = None
    signup_required: bool = False
    static_code_allowed: bool = False
    description: str | None = None
    contact: str | None = None


def _check_details(details: ActivityDetails, activity: Activity | None = None) -> None:
    if details.ends_at <= details.starts_at:
        raise DomainError(_("结束时间必须晚于开始时间。"))
    if details.ends_at - details.starts_at > MAX_ACTIVITY_LENGTH:
        raise DomainError(_("活动时长不能超过 366 天。"))
    if details.capacity is not None and details.capacity < 1:
        raise DomainError(_("人数上限至少为 1；不限人数请留空。"))

    # What an existing activity already has stays allowed after it was retired or closed.
    def kept(column: str, chosen) -> bool:
        return activity is not None and getattr(activity, column) == chosen.id

    category, unit, team, project = details.category, details.unit, details.team, details.project
    if not category.active and not kept("category_id", category):
        raise DomainError(_("类别“%(name)s”已停用，请选择其他类别。", name=category.name))
    if unit.is_retired and not kept("unit_id", unit):
        raise DomainError(_("%(name)s 已撤销，请选择其他单位。", name=unit.name))
    if team is not None and team.disbanded_at is not None and not kept("team_id", team):
        raise DomainError(_("服务队“%(name)s”已解散。", name=team.name))
    if project is not None and project.closed_at is not None and not kept("project_id", project):
        raise DomainError(_("项目“%(name)s”已结束，不能再添加活动。", name=project.name))


def _apply(activity: Activity, details: ActivityDetails) -> None:
    activity.title = details.title
    activity.category = details.category
    activity.theme = details.theme
    activity.unit = details.unit
    activity.team = details.team
    activity.project = details.project
    activity.place = details.place
    activity.starts_at = details.starts_at
    activity.ends_at = details.ends_at
    activity.capacity = details.capacity
    activity.signup_required = details.signup_required
    activity.static_code_allowed = details.static_code_allowed
    activity.description = details.description or None
    activity.contact = details.contact or None


def create_activity(*, details: ActivityDetails, created_by: Account | None) -> Activity:
    """Schedule an activity."""
    _check_details(details)
    activity = Activity(created_by_id=created_by.id if created_by else None)
    _apply(activity, details)
    db.session.add(activity)
    db.session.flush()
    _audit(activity, "activity", "activity.create", ACTIVITY_FIELDS, unit_id=activity.unit_id)
    return activity


def update_activity(*, activity: Activity, details: ActivityDetails) -> None:
    """Change an activity; its times are fixed once any of its records has left 'open'."""
    if activity.is_cancelled:
        raise DomainError(_("活动已取消，不能修改。"))
    _check_details(details, activity)
    times_changed = (details.starts_at, details.ends_at) != (activity.starts_at, activity.ends_at)
    if times_changed and has_settled_records(activity):
        raise DomainError(
            _("该活动已有已结束的服务记录，开始和结束时间不能再修改（时长已按原时间计算）。")
        )
    before = snapshot(activity, ACTIVITY_FIELDS)
    _apply(activity, details)
    db.session.flush()
    _audit(
        activity,
        "activity",
        "activity.update",
        ACTIVITY_FIELDS,
        unit_id=activity.unit_id,
        before=before,
    )
    _fill_places(activity)


def cancel_activity(*, activity: Activity, reason: str) -> None:
    """Cancel an activity with a reason; its sign-ups and records stay as they are."""
    if activity.is_cancelled:
        raise DomainError(_("活动已取消。"))
    if not (reason or "").strip():
        raise DomainError(_("请填写取消原因。"))
    if has_counting_records(activity):
        raise DomainError(_("该活动已有已通过或待审核的服务记录，请先作废这些记录，再取消活动。"))
    before = snapshot(activity, ACTIVITY_FIELDS)
    activity.status = ActivityStatus.CANCELLED
    activity.cancel_reason = reason.strip()
    db.session.flush()
    _audit(
        activity,
        "activity",
        "activity.cancel",
        ACTIVITY_FIELDS,
        unit_id=activity.unit_id,
        before=before,
        reason=activity.cancel_reason,
    )


def has_started(activity: Activity) -> bool:
    """Say whether the activity has begun (sign-ups and withdrawals close then)."""
    return utc_now() >= activity.starts_at


# Sign-ups -----------------------------------------------------------------------------------


def _lock(activity: Activity) -> Activity:
    """Re-read the activity under a row lock, so places are counted one sign-up at a time."""
    return db.session.scalars(
        select(Activity)
        .where(Activity.id == activity.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def _confirmed(activity: Activity) -> int:
    return db.session.scalar(
        select(func.count()).where(
            Signup.activity_id == activity.id, Signup.status == SignupStatus.CONFIRMED
        )
    )


def _signup_row(activity: Activity, account: Account) -> Signup | None:
    return db.session.scalars(
        select(Signup)
        .where(Signup.activity_id == activity.id, Signup.account_id == account.id)
        .execution_options(populate_existing=True)
    ).one_or_none()


def sign_up(*, activity: Activity, account: Account) -> Signup:
    """Take a place at the activity, or join its waiting list when it is full."""
    activity = _lock(activity)
    if activity.is_cancelled:
        raise DomainError(_("活动已取消，不能报名。"))
    if has_started(activity):
        raise DomainError(_("活动已开始，不能再报名。"))
    if not is_registered_volunteer(account):
        raise DomainError(_("只有已注册的志愿者才能报名，请先完成志愿者注册。"))
    signup = _signup_row(activity, account)
    if signup is not None and signup.status != SignupStatus.CANCELLED:
        raise Conflict(_("您已报名该活动。"))
    full = activity.capacity is not None and _confirmed(activity) >= activity.capacity
    status = SignupStatus.WAITLISTED if full else SignupStatus.CONFIRMED
    before = None
    if signup is None:
        signup = Signup(activity_id=activity.id, account_id=account.id)
        db.session.add(signup)
    else:
        before = snapshot(signup, SIGNUP_FIELDS)
    # Someone coming back joins the end of the queue, not their old place.
    signup.status, signup.queued_at = status, utc_now()
    db.session.flush()
    action = "signup.waitlist" if full else "signup.confirm"
    _audit(signup, "signup", action, SIGNUP_FIELDS, unit_id=activity.unit_id, before=before)
    return signup


def withdraw(*, activity: Activity, account: Account) -> Signup | None:
    """Give up a place or leave the waiting list; a freed place goes to the first in line.

    Returns the sign-up promoted into the freed place, if any.
    """
    activity = _lock(activity)
    if has_started(activity):
        raise DomainError(_("活动已开始，不能再取消报名。"))
    signup = _signup_row(activity, account)
    if signup is None or signup.status == SignupStatus.CANCELLED:
        raise DomainError(_("您没有报名该活动。"))
    before = snapshot(signup, SIGNUP_FIELDS)
    signup.status = SignupStatus.CANCELLED
    db.session.flush()
    _audit(
        signup,
        "signup",
        "signup.withdraw",
        SIGNUP_FIELDS,
        unit_id=activity.unit_id,
        before=before,
    )
    promoted = _fill_places(activity)
    return promoted[0] if promoted else None


def _fill_places(activity: Activity) -> list[Signup]:
    """Promote waiting sign-ups, first in line first, while the activity has free places."""
    if activity.is_cancelled:
        return []
    if activity.capacity is None:
        free = None
    else:
        free = activity.capacity - _confirmed(activity)
        if free <= 0:
            return []
    query = (
        select(Signup)
        .where(Signup.activity_id == activity.id, Signup.status == SignupStatus.WAITLISTED)
        .order_by(Signup.queued_at, Signup.id)
    )
    if free is not None:
        query = query.limit(free)
    promoted = list(db.session.scalars(query))
    for signup in promoted:
        before = snapshot(signup, SIGNUP_FIELDS)
        signup.status = SignupStatus.CONFIRMED
        db.session.flush()
        _audit(
            signup,
            "signup",
            "signup.promote",
            SIGNUP_FIELDS,
            unit_id=activity.unit_id,
            before=before,
        )
    return promoted
