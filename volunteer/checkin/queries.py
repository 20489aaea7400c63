"""Reads for the check-in pages: the activity a token names, the screen's counts and names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, literal, select, union_all

from volunteer.activities.models import Activity
from volunteer.auth.models import Account
from volunteer.extensions import db
from volunteer.records.models import RecordStatus, ServiceRecord

# Closed sessions that stand (or may still stand); rejected and voided ones are not shown.
CLOSED_STATUSES = (RecordStatus.NEEDS_REVIEW, RecordStatus.APPROVED)
SIGN_IN = "sign_in"
SIGN_OUT = "sign_out"


def activity_by_token_key(key: str) -> Activity | None:
    """Return the activity a QR token names by its random key, or None."""
    return db.session.scalar(select(Activity).where(Activity.token_key == key))


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
