"""Reads about activities: the lists people see, places left, sign-ups, categories and themes."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from volunteer.activities.models import (
    Activity,
    ActivityStatus,
    Category,
    MonthlyTheme,
    Signup,
    SignupStatus,
    TeamMember,
)
from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import unit_scope_clause
from volunteer.clock import utc_now
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.records.models import RecordStatus, ServiceRecord
from volunteer.registration.models import Registration, RegistrationStatus
from volunteer.units.models import Unit


def categories(*, active_only: bool = False) -> list[Category]:
    """List the categories in their display order."""
    query = select(Category).order_by(Category.sort_order, Category.id)
    if active_only:
        query = query.where(Category.active.is_(True))
    return list(db.session.scalars(query))


def category_named(name: str) -> Category | None:
    """Return the category with exactly this name."""
    return db.session.scalar(select(Category).where(Category.name == name))


def theme_for(day: date) -> MonthlyTheme | None:
    """Return the theme of the month `day` falls in (一月一主题), if the admin set one."""
    return theme_of_month(day.year, day.month)


def theme_of_month(year: int, month: int) -> MonthlyTheme | None:
    """Return the theme set for one month."""
    return db.session.scalar(
        select(MonthlyTheme).where(MonthlyTheme.year == year, MonthlyTheme.month == month)
    )


def themes_of_year(year: int) -> dict[int, MonthlyTheme]:
    """Return the themes of a year by month number."""
    rows = db.session.scalars(select(MonthlyTheme).where(MonthlyTheme.year == year))
    return {theme.month: theme for theme in rows}


def themes_around(day: date) -> list[MonthlyTheme]:
    """List the themes of the year before `day`'s year through the year after, to pick from."""
    return list(
        db.session.scalars(
            select(MonthlyTheme)
            .where(MonthlyTheme.year.between(day.year - 1, day.year + 1))
            .order_by(MonthlyTheme.year, MonthlyTheme.month)
        )
    )


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


def confirmed_count(activity: Activity) -> int:
    """Count the people holding a place at the activity."""
    return db.session.scalar(
        select(func.count()).where(
            Signup.activity_id == activity.id, Signup.status == SignupStatus.CONFIRMED
        )
    )


def waitlisted_count(activity: Activity) -> int:
    """Count the people on the activity's waiting list."""
    return db.session.scalar(
        select(func.count()).where(
            Signup.activity_id == activity.id, Signup.status == SignupStatus.WAITLISTED
        )
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


def confirmed_by_activity(activities: list[Activity]) -> dict[int, int]:
    """Count the confirmed sign-ups of each of a page of activities, in one query."""
    ids = [activity.id for activity in activities]
    if not ids:
        return {}
    rows = db.session.execute(
        select(Signup.activity_id, func.count().label("confirmed"))
        .where(Signup.activity_id.in_(ids), Signup.status == SignupStatus.CONFIRMED)
        .group_by(Signup.activity_id)
    )
    counts = dict.fromkeys(ids, 0)
    counts.update({row.activity_id: row.confirmed for row in rows})
    return counts


def my_statuses(account: Account, activities: list[Activity]) -> dict[int, str]:
    """Return the account's live sign-up status for each of a page of activities."""
    ids = [activity.id for activity in activities]
    if not ids:
        return {}
    rows = db.session.execute(
        select(Signup.activity_id, Signup.status).where(
            Signup.activity_id.in_(ids),
            Signup.account_id == account.id,
            Signup.status != SignupStatus.CANCELLED,
        )
    )
    return {row.activity_id: row.status for row in rows}


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


def signup_of(account: Account, activity: Activity) -> Signup | None:
    """Return the account's sign-up for the activity, whatever its status."""
    return db.session.scalar(
        select(Signup).where(Signup.activity_id == activity.id, Signup.account_id == account.id)
    )


def has_confirmed_signup(account_id: int, activity_id: int) -> bool:
    """Say whether the person holds a confirmed place (check-in refuses walk-ins without one)."""
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    Signup.activity_id == activity_id,
                    Signup.account_id == account_id,
                    Signup.status == SignupStatus.CONFIRMED,
                )
            )
        )
    )


def _position_column(signup) -> ColumnElement:
    """The 1-based place on the waiting list: earlier queued_at first, then earlier id."""
    ahead = aliased(Signup)
    return (
        select(func.count())
        .where(
            ahead.activity_id == signup.activity_id,
            ahead.status == SignupStatus.WAITLISTED,
            or_(
                ahead.queued_at < signup.queued_at,
                and_(ahead.queued_at == signup.queued_at, ahead.id < signup.id),
            ),
        )
        .scalar_subquery()
        + 1
    )


def waiting_position(signup: Signup) -> int | None:
    """Return the sign-up's place on the waiting list, or None when it is not waiting."""
    if signup.status != SignupStatus.WAITLISTED:
        return None
    return db.session.scalar(select(_position_column(Signup)).where(Signup.id == signup.id))


def my_upcoming_signups(account: Account) -> list:
    """Return the account's live sign-ups for activities not yet ended, soonest first.

    Rows have `Signup` and `position` (place on the waiting list; meaningless when confirmed).
    """
    return list(
        db.session.execute(
            select(Signup, _position_column(Signup).label("position"))
            .join(Activity, Signup.activity_id == Activity.id)
            .where(
                Signup.account_id == account.id,
                Signup.status != SignupStatus.CANCELLED,
                Activity.status != ActivityStatus.CANCELLED,
                Activity.ends_at > utc_now(),
            )
            .order_by(Activity.starts_at, Activity.id)
        )
    )


def activity_signups(activity: Activity) -> list:
    """Return the live sign-ups of an activity: confirmed first, then the waiting list in order.

    Rows have `Signup`, `name`, `unit_name` and `phone`.
    """
    return list(
        db.session.execute(
            select(Signup, *person_columns())
            .join(Account, Signup.account_id == Account.id)
            .outerjoin(StaffMember, Account.staff_member_id == StaffMember.id)
            .outerjoin(Registration, Registration.account_id == Account.id)
            .outerjoin(Unit, Unit.id == func.coalesce(StaffMember.unit_id, Registration.unit_id))
            .where(Signup.activity_id == activity.id, Signup.status != SignupStatus.CANCELLED)
            .order_by(Signup.status != SignupStatus.CONFIRMED, Signup.queued_at, Signup.id)
        )
    )


def person_columns() -> list:
    """Name, unit and phone of an Account joined with its staff member, registration and unit."""
    return [
        func.coalesce(StaffMember.name, Registration.claimed_name, Account.display_name).label(
            "name"
        ),
        Unit.name.label("unit_name"),
        func.coalesce(Registration.phone, Account.phone, StaffMember.phone).label("phone"),
    ]


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


def is_registered_volunteer(account: Account) -> bool:
    """Say whether the account belongs to an active volunteer registration."""
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    Registration.account_id == account.id,
                    Registration.status == RegistrationStatus.ACTIVE,
                )
            )
        )
    )
