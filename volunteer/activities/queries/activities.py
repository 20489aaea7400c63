"""Reads about activities: the lists organisers and volunteers see, and what fixes them."""

from __future__ import annotations

from sqlalchemy import Select, exists, or_, select

from volunteer.activities.models import Activity, ActivityStatus, TeamMember
from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import unit_scope_clause
from volunteer.clock import utc_now
from volunteer.extensions import db
from volunteer.records.models import RecordStatus, ServiceRecord
from volunteer.units.models import Unit


def live_units_in_scope(viewer: Account, role: Role = Role.COORDINATOR) -> list[Unit]:
    """List the live units where the viewer holds `role`, in tree order."""
    return list(
        db.session.scalars(
            select(Unit)
            .where(unit_scope_clause(viewer, role), Unit.retired_on.is_(None))
            .order_by(Unit.path)
        )
    )


def led_team_ids(viewer: Account) -> Select:
    """Select the ids of the teams the viewer currently leads."""
    return select(TeamMember.team_id).where(
        TeamMember.account_id == viewer.id,
        TeamMember.is_leader.is_(True),
        TeamMember.left_at.is_(None),
    )


def run_activities(
    viewer: Account,
    *,
    tab: str = "upcoming",
    category_id: int | None = None,
    team_id: int | None = None,
    project_id: int | None = None,
) -> Select:
    """Select the activities the viewer runs: in their coordinator scope, or of a team they lead.

    Tabs: "upcoming" (not ended, not cancelled, soonest first), "past" (ended, latest first),
    "cancelled" (latest first).
    """
    now = utc_now()
    query = (
        select(Activity)
        .join(Unit, Activity.unit_id == Unit.id)
        .where(
            or_(
                unit_scope_clause(viewer, Role.COORDINATOR),
                Activity.team_id.in_(led_team_ids(viewer)),
            )
        )
    )
    if tab == "cancelled":
        query = query.where(Activity.status == ActivityStatus.CANCELLED).order_by(
            Activity.starts_at.desc(), Activity.id.desc()
        )
    elif tab == "past":
        query = query.where(
            Activity.status != ActivityStatus.CANCELLED, Activity.ends_at <= now
        ).order_by(Activity.starts_at.desc(), Activity.id.desc())
    else:
        query = query.where(
            Activity.status != ActivityStatus.CANCELLED, Activity.ends_at > now
        ).order_by(Activity.starts_at, Activity.id)
    for column, value in (
        (Activity.category_id, category_id),
        (Activity.team_id, team_id),
        (Activity.project_id, project_id),
    ):
        if value:
            query = query.where(column == value)
    return query


def upcoming_for_volunteers(*, category_id: int | None = None, unit: Unit | None = None) -> Select:
    """Select activities not yet ended nor cancelled, soonest first, organisation-wide."""
    query = (
        select(Activity)
        .join(Unit, Activity.unit_id == Unit.id)
        .where(Activity.status != ActivityStatus.CANCELLED, Activity.ends_at > utc_now())
        .order_by(Activity.starts_at, Activity.id)
    )
    if category_id:
        query = query.where(Activity.category_id == category_id)
    if unit is not None:
        query = query.where(Unit.path.startswith(unit.path, autoescape=True))
    return query


def browse_units() -> list[Unit]:
    """List the live units volunteers may filter by: the commission and its direct units."""
    roots = select(Unit.id).where(Unit.parent_id.is_(None))
    return list(
        db.session.scalars(
            select(Unit)
            .where(
                Unit.retired_on.is_(None),
                or_(Unit.parent_id.is_(None), Unit.parent_id.in_(roots)),
            )
            .order_by(Unit.path)
        )
    )


def has_settled_records(activity: Activity) -> bool:
    """Say whether any service record of the activity is past 'open' (times are then fixed)."""
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    ServiceRecord.activity_id == activity.id,
                    ServiceRecord.status != RecordStatus.OPEN,
                )
            )
        )
    )


def has_counting_records(activity: Activity) -> bool:
    """Say whether the activity has approved or waiting records (they must be voided first)."""
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    ServiceRecord.activity_id == activity.id,
                    ServiceRecord.status.in_([RecordStatus.APPROVED, RecordStatus.NEEDS_REVIEW]),
                )
            )
        )
    )
