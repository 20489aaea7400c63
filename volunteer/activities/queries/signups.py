"""Reads about sign-ups: places taken, the waiting list, and who signed up for what."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from volunteer.activities.models import Activity, ActivityStatus, Signup, SignupStatus
from volunteer.activities.places import Places
from volunteer.auth.models import Account
from volunteer.clock import utc_now
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.registration.models import Registration, RegistrationStatus
from volunteer.units.models import Unit


def confirmed_count(activity: Activity) -> int:
    """Count the people holding a place at the activity."""
    return (
        db.session.scalar(
            select(func.count()).where(
                Signup.activity_id == activity.id, Signup.status == SignupStatus.CONFIRMED
            )
        )
        or 0
    )


def waitlisted_count(activity: Activity) -> int:
    """Count the people on the activity's waiting list."""
    return (
        db.session.scalar(
            select(func.count()).where(
                Signup.activity_id == activity.id, Signup.status == SignupStatus.WAITLISTED
            )
        )
        or 0
    )


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


def places_by_activity(activities: list[Activity]) -> dict[int, Places]:
    """Return the places of each of a page of activities, counted in one query."""
    confirmed = confirmed_by_activity(activities)
    return {activity.id: activity.places(confirmed[activity.id]) for activity in activities}


def places_of(activity: Activity) -> Places:
    """Return one activity's places: its capacity against its confirmed sign-ups."""
    return activity.places(confirmed_count(activity))


def my_statuses(account: Account, activities: list[Activity]) -> dict[int, SignupStatus]:
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
