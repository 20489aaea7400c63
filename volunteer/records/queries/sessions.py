"""Reads the services make before a change: a person's open session, a day's sessions and hours."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache

from sqlalchemy import Date, Integer, Select, bindparam, func, select

from volunteer.activities.models import Activity
from volunteer.clock import UTCDateTime
from volunteer.extensions import db
from volunteer.records.models import RecordStatus, ServiceRecord

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


def opening_facts(account_id: int, activity_id: int, day: date, at: datetime) -> tuple[int, bool]:
    """Return, in one statement, what opening a session at `at` must check: the person's
    sessions at the activity that day (as sessions_on_day) and whether a live session of theirs
    already covers `at` (as intervals_around for [at, at + 1 s))."""
    parameters = {
        "account_id": account_id,
        "activity_id": activity_id,
        "day": day,
        "at": at,
        "at_end": at + timedelta(seconds=1),
    }
    row = db.session.execute(_opening_facts_statement(), parameters).one()
    return int(row.sessions or 0), bool(row.covered)


@lru_cache(maxsize=1)
def _opening_facts_statement():
    """Build opening_facts' statement once: every sign-in runs it, and building it anew took
    about 0.3 ms of CPU, as much as running it (as for the check-in's other statements)."""
    account_id = bindparam("account_id", type_=Integer)
    moment = UTCDateTime()
    count = (
        select(func.count(ServiceRecord.id))
        .where(
            ServiceRecord.account_id == account_id,
            ServiceRecord.activity_id == bindparam("activity_id", type_=Integer),
            ServiceRecord.service_date == bindparam("day", type_=Date),
            ServiceRecord.status.in_(LIVE_STATUSES),
        )
        .scalar_subquery()
    )
    ends_at = func.coalesce(ServiceRecord.signed_out_at, Activity.ends_at)
    covered = (
        select(ServiceRecord.id)
        .join(Activity, ServiceRecord.activity_id == Activity.id)
        .where(
            ServiceRecord.account_id == account_id,
            ServiceRecord.status.in_(LIVE_STATUSES),
            ServiceRecord.signed_in_at < bindparam("at_end", type_=moment),
            ends_at > bindparam("at", type_=moment),
        )
        .exists()
    )
    return select(count.label("sessions"), covered.label("covered"))


def approved_hours_on_day(account_id: int, day: date, exclude_id=None) -> Decimal:
    """Sum the person's approved hours on a local day, all activities together."""
    return _hours_on_day(account_id, day, (RecordStatus.APPROVED,), exclude_id)


def claimed_hours_on_day(account_id: int, day: date, exclude_id=None) -> Decimal:
    """Sum the person's claimed hours on a local day: approved plus waiting for review."""
    claimed = (RecordStatus.APPROVED, RecordStatus.NEEDS_REVIEW)
    return _hours_on_day(account_id, day, claimed, exclude_id)


def _hours_on_day(
    account_id: int, day: date, statuses: tuple[RecordStatus, ...], exclude_id=None
) -> Decimal:
    query = select(func.coalesce(func.sum(ServiceRecord.hours), 0)).where(
        ServiceRecord.account_id == account_id,
        ServiceRecord.service_date == day,
        ServiceRecord.status.in_(statuses),
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
