"""Reads about service records: a person's open session, a day's hours, the review scope."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import aliased

from volunteer.activities.models import Activity
from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import unit_scope_clause
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.records.models import RecordStatus, ServiceRecord
from volunteer.units.models import Unit

# Records that stand (or may still stand): they take a slot of the day and may not overlap.
LIVE_STATUSES = (RecordStatus.OPEN, RecordStatus.NEEDS_REVIEW, RecordStatus.APPROVED)


def open_session_of(account_id: int) -> ServiceRecord | None:
    """Return the person's open session, at whatever activity; there is at most one."""
    return db.session.scalar(
        select(ServiceRecord).where(
            ServiceRecord.account_id == account_id, ServiceRecord.status == RecordStatus.OPEN
        )
    )


def last_session_at(account_id: int, activity_id: int) -> ServiceRecord | None:
    """Return the person's latest scanned session at the activity, open or closed."""
    return db.session.scalar(
        select(ServiceRecord)
        .where(ServiceRecord.account_id == account_id, ServiceRecord.activity_id == activity_id)
        .order_by(ServiceRecord.signed_in_at.desc(), ServiceRecord.id.desc())
        .limit(1)
    )


def sessions_on_day(account_id: int, activity_id: int, day: date, exclude_id=None) -> int:
    """Count the person's live sessions at the activity on a local day."""
    query = select(func.count(ServiceRecord.id)).where(
        ServiceRecord.account_id == account_id,
        ServiceRecord.activity_id == activity_id,
        ServiceRecord.service_date == day,
        ServiceRecord.status.in_(LIVE_STATUSES),
    )
    if exclude_id is not None:
        query = query.where(ServiceRecord.id != exclude_id)
    return db.session.scalar(query) or 0


def approved_hours_on_day(account_id: int, day: date, exclude_id=None) -> Decimal:
    """Sum the person's approved hours on a local day, all activities together."""
    query = select(func.coalesce(func.sum(ServiceRecord.hours), 0)).where(
        ServiceRecord.account_id == account_id,
        ServiceRecord.service_date == day,
        ServiceRecord.status == RecordStatus.APPROVED,
    )
    if exclude_id is not None:
        query = query.where(ServiceRecord.id != exclude_id)
    return Decimal(str(db.session.scalar(query)))


def intervals_around(
    account_id: int, begin: datetime, end: datetime, exclude_id=None
) -> list[tuple[datetime, datetime]]:
    """Return the person's live sessions that share time with [begin, end), as (begin, end).

    A session without a sign-out (still open, or a forgotten one) lasts until its activity's
    end: a make-up or correction may not claim time the person may have served elsewhere.
    """
    ends_at = func.coalesce(ServiceRecord.signed_out_at, Activity.ends_at)
    query = (
        select(ServiceRecord.signed_in_at, ends_at)
        .join(Activity, ServiceRecord.activity_id == Activity.id)
        .where(
            ServiceRecord.account_id == account_id,
            ServiceRecord.status.in_(LIVE_STATUSES),
            ServiceRecord.signed_in_at < end,
            ends_at > begin,
        )
        .order_by(ServiceRecord.signed_in_at)
    )
    if exclude_id is not None:
        query = query.where(ServiceRecord.id != exclude_id)
    return [(row[0], row[1]) for row in db.session.execute(query)]


def forgotten_sessions(closes_before: datetime) -> Select:
    """Select open sessions whose activity ended before `closes_before` (now − the window)."""
    return (
        select(ServiceRecord)
        .join(Activity, ServiceRecord.activity_id == Activity.id)
        .where(ServiceRecord.status == RecordStatus.OPEN, Activity.ends_at < closes_before)
        .order_by(ServiceRecord.id)
    )


def review_units(record: ServiceRecord) -> list[Unit]:
    """Return the units whose managers may review a record: the activity's and the person's."""
    units = [record.activity.unit]
    staff = record.account.staff_member
    if staff is not None:
        units.append(staff.unit)
    return units


def record_scope_clause(viewer: Account, role: Role) -> ColumnElement:
    """A condition keeping records the viewer may act on as `role`.

    Use with `join_scope_units()`: a record is in scope when its activity's unit or its
    volunteer's roster unit lies in the viewer's subtrees.
    """
    return or_(
        unit_scope_clause(viewer, role, ACTIVITY_UNIT.path),
        unit_scope_clause(viewer, role, STAFF_UNIT.path),
    )


ACTIVITY_UNIT = aliased(Unit, name="activity_unit")
STAFF_UNIT = aliased(Unit, name="staff_unit")


def join_scope_units(query: Select) -> Select:
    """Join what record_scope_clause() looks at: the activity's unit and the person's unit."""
    return (
        query.join(Activity, ServiceRecord.activity_id == Activity.id)
        .join(ACTIVITY_UNIT, Activity.unit_id == ACTIVITY_UNIT.id)
        .join(Account, ServiceRecord.account_id == Account.id)
        .outerjoin(StaffMember, Account.staff_member_id == StaffMember.id)
        .outerjoin(STAFF_UNIT, StaffMember.unit_id == STAFF_UNIT.id)
    )
