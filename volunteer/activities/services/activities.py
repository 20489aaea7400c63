"""Schedule, change and cancel activities.

Every function flushes and audits; the caller commits once. Scope (who may act on which unit)
is checked by the views before they call in here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _

from volunteer.activities.models import (
    Activity,
    ActivityStatus,
    Category,
    MonthlyTheme,
    Project,
    Team,
)
from volunteer.activities.queries.activities import has_counting_records, has_settled_records
from volunteer.activities.queries.catalogue import theme_for
from volunteer.activities.services.audit import audit
from volunteer.activities.services.signups import fill_places
from volunteer.audit.services import snapshot
from volunteer.auth.models import Account
from volunteer.errors import DomainError
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
    starts_at: datetime  # aware
    ends_at: datetime
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
    """Schedule an activity; `created_by` is the organiser (None: the command line)."""
    _check_details(details)
    activity = Activity(created_by_id=created_by.id if created_by else None)
    _apply(activity, details)
    db.session.add(activity)
    db.session.flush()
    audit(
        activity,
        "activity",
        "activity.create",
        ACTIVITY_FIELDS,
        by=created_by,
        unit_id=activity.unit_id,
    )
    return activity


def update_activity(*, activity: Activity, details: ActivityDetails, by: Account | None) -> None:
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
    audit(
        activity,
        "activity",
        "activity.update",
        ACTIVITY_FIELDS,
        by=by,
        unit_id=activity.unit_id,
        before=before,
    )
    # A larger capacity frees places for the waiting list.
    fill_places(activity, by=by)


def cancel_activity(*, activity: Activity, reason: str, by: Account | None) -> None:
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
    audit(
        activity,
        "activity",
        "activity.cancel",
        ACTIVITY_FIELDS,
        by=by,
        unit_id=activity.unit_id,
        before=before,
        reason=activity.cancel_reason,
    )
