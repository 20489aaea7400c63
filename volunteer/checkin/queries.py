"""Reads for the check-in pages: the activity a token names, the screen's counts and names, and
whether a sign-out comes so soon that the person should confirm it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from sqlalchemy import Integer, String, and_, bindparam, func, literal, select, union_all
from sqlalchemy.orm import aliased, defer, joinedload, load_only

from volunteer.activities.models import Activity
from volunteer.auth.models import Account
from volunteer.extensions import db
from volunteer.records import open_session, rules
from volunteer.records.models import RecordStatus, ServiceRecord
from volunteer.records.settings import hour_rules
from volunteer.registration.models import Registration

# Closed sessions that stand (or may still stand); rejected and voided ones are not shown.
CLOSED_STATUSES = (RecordStatus.NEEDS_REVIEW, RecordStatus.APPROVED)
SIGN_IN = "sign_in"
SIGN_OUT = "sign_out"
# What a ticket's page and buttons never read of the activity, and all they read of the
# person's latest session there (attendance_at).
ACTIVITY_NOT_READ = (
    Activity.description,
    Activity.contact,
    Activity.cancel_reason,
    Activity.created_by_id,
    Activity.created_at,
    Activity.updated_at,
)
LAST_SESSION_READ = ("activity_id", "status", "signed_in_at", "signed_out_at", "hours")


def activity_by_token_key(key: str) -> Activity | None:
    """Return the activity a QR token names by its random key, or None."""
    return db.session.scalar(select(Activity).where(Activity.token_key == key))


@dataclass(frozen=True)
class Attendance:
    """What a ticket's page and buttons need, read in one statement: the activity, and the
    person's registration, open session and (when asked) latest session at the activity."""

    activity: Activity
    registration: Registration | None
    open_session: ServiceRecord | None
    last_session: ServiceRecord | None = None
    # The hours already claimed on the open session's day, for the sign-out's review (§3.4).
    claimed_on_day: Decimal | None = None


def attendance_at(key: str, account_id: int, *, with_last: bool = False) -> Attendance | None:
    """Return the activity a token key names with the person's state there, or None;
    `with_last`: for the ticket page, also the latest session there and the activity's unit."""
    statement = _attendance_statement(with_last)
    row = db.session.execute(statement, {"key": key, "account_id": account_id}).first()
    if row is None:
        return None
    *found, claimed_on_day = row
    activity, registration, session = found[:3]
    return Attendance(
        activity,
        registration,
        session,
        last_session=found[3] if with_last else None,
        claimed_on_day=None if session is None else Decimal(str(claimed_on_day)),
    )


@lru_cache(maxsize=2)
def _attendance_statement(with_last: bool):
    """Build attendance_at's statement once per shape: building it took a third of the time a
    scan spent in this function (bench/checkin.py --profile)."""
    account_id, key = bindparam("account_id", type_=Integer), bindparam("key", type_=String)
    open_record = aliased(ServiceRecord, name="open_record")
    entities: list = [Activity, Registration, open_record]
    partly: list = [load_only(Registration.status)]  # options for entities past the first
    query = (
        select(Activity)
        # Only what the page and the buttons read: every column costs a little at each step
        # (the driver's description, the ORM's row), and the rest loads if ever asked for.
        .options(*(defer(column) for column in ACTIVITY_NOT_READ))
        .outerjoin(Registration, Registration.account_id == account_id)
        .outerjoin(
            open_record,
            and_(open_record.account_id == account_id, open_record.status == RecordStatus.OPEN),
        )
        .where(Activity.token_key == key)
    )
    # The day's claimed hours (approved plus waiting) beside the open session, so a sign-out
    # decides its review level without another statement (records/services/checks.py).
    claimed = (
        select(func.coalesce(func.sum(ServiceRecord.hours), 0))
        .where(
            ServiceRecord.account_id == account_id,
            ServiceRecord.service_date == open_record.service_date,
            ServiceRecord.status.in_(CLOSED_STATUSES),
        )
        .correlate(open_record)
        .scalar_subquery()
    )
    if with_last:
        # The page names the activity's unit too.
        query = query.options(joinedload(Activity.unit))
        last_record = aliased(ServiceRecord, name="last_record")
        latest = (
            select(ServiceRecord.id)
            .where(ServiceRecord.account_id == account_id, ServiceRecord.activity_id == Activity.id)
            .order_by(ServiceRecord.signed_in_at.desc(), ServiceRecord.id.desc())
            .limit(1)
            .correlate(Activity)
            .scalar_subquery()
        )
        query = query.outerjoin(last_record, last_record.id == latest)
        entities.append(last_record)
        partly.append(load_only(*(getattr(last_record, name) for name in LAST_SESSION_READ)))
    return query.with_only_columns(*entities, claimed).options(*partly)


@dataclass(frozen=True)
class ScreenCounts:
    """People signed in now, and people who finished a session today and have not come back."""

    signed_in: int
    signed_out: int


def screen_counts(activity: Activity, day: date) -> ScreenCounts:
    """Count the activity's people signed in now and signed out on the local `day`."""
    open_people = select(ServiceRecord.account_id).where(
        ServiceRecord.activity_id == activity.id, ServiceRecord.status == RecordStatus.OPEN
    )
    signed_in = db.session.scalar(
        select(func.count(func.distinct(ServiceRecord.account_id))).where(
            ServiceRecord.activity_id == activity.id, ServiceRecord.status == RecordStatus.OPEN
        )
    )
    signed_out = db.session.scalar(
        select(func.count(func.distinct(ServiceRecord.account_id))).where(
            ServiceRecord.activity_id == activity.id,
            ServiceRecord.service_date == day,
            ServiceRecord.signed_out_at.is_not(None),
            ServiceRecord.status.in_(CLOSED_STATUSES),
            ServiceRecord.account_id.not_in(open_people),
        )
    )
    return ScreenCounts(signed_in=signed_in or 0, signed_out=signed_out or 0)


@dataclass(frozen=True)
class ScreenEvent:
    """One line of the screen's latest list: who signed in or out, and when."""

    name: str
    kind: str
    at: datetime


def latest_events(activity: Activity, day: date, limit: int = 8) -> list[ScreenEvent]:
    """Return the latest sign-ins and sign-outs at the activity on the local `day`, newest first."""
    scanned = (
        ServiceRecord.activity_id == activity.id,
        ServiceRecord.service_date == day,
        ServiceRecord.status.in_((RecordStatus.OPEN, *CLOSED_STATUSES)),
    )
    sign_ins = (
        select(
            Account.display_name.label("name"),
            literal(SIGN_IN).label("kind"),
            ServiceRecord.signed_in_at.label("at"),
            ServiceRecord.id.label("record_id"),
        )
        .join(Account, Account.id == ServiceRecord.account_id)
        .where(*scanned)
    )
    sign_outs = (
        select(
            Account.display_name.label("name"),
            literal(SIGN_OUT).label("kind"),
            ServiceRecord.signed_out_at.label("at"),
            ServiceRecord.id.label("record_id"),
        )
        .join(Account, Account.id == ServiceRecord.account_id)
        .where(*scanned, ServiceRecord.signed_out_at.is_not(None))
    )
    events = union_all(sign_ins, sign_outs).subquery()
    rows = db.session.execute(
        select(events.c.name, events.c.kind, events.c.at)
        .order_by(events.c.at.desc(), events.c.record_id.desc(), events.c.kind)
        .limit(limit)
    )
    at_type = ServiceRecord.__table__.c.signed_in_at.type
    return [ScreenEvent(name=row.name, kind=row.kind, at=_aware(row.at, at_type)) for row in rows]


def _aware(value, column_type) -> datetime:
    """A union's column loses its UTCDateTime type on some databases: restore the zone."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = column_type.process_result_value(value, None)
    return value


@dataclass(frozen=True)
class QuickSignOut:
    """A sign-out so soon after the sign-in that the person is asked to confirm it."""

    signed_in_at: datetime
    minutes: int
    hours: Decimal


def quick_sign_out(
    session: ServiceRecord | None, activity: Activity, now: datetime
) -> QuickSignOut | None:
    """Return what signing out of the activity at `now` would credit, if it is a quick one;
    `session` is the person's open session, read with the activity (attendance_at)."""
    if session is None or session.activity_id != activity.id:
        return None
    if not open_session.is_quick_sign_out(session.signed_in_at, now):
        return None
    worth = rules.session_hours(
        session.signed_in_at,
        max(now, session.signed_in_at),
        activity.starts_at,
        activity.ends_at,
        hour_rules(),
    )
    return QuickSignOut(
        signed_in_at=session.signed_in_at,
        minutes=max(int((now - session.signed_in_at).total_seconds() // 60), 0),
        hours=worth.hours,
    )
