"""Who is still signed in at an activity, and what signing them out now would credit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from volunteer.activities.models import Activity
from volunteer.extensions import db
from volunteer.records import open_session, rules
from volunteer.records.models import RecordStatus, ServiceRecord
from volunteer.records.settings import hour_rules


def open_sessions_at(activity_id: int) -> list[ServiceRecord]:
    """Return the activity's open sessions with their people, first signed in first."""
    return list(
        db.session.scalars(
            select(ServiceRecord)
            .options(joinedload(ServiceRecord.account))
            .where(
                ServiceRecord.activity_id == activity_id,
                ServiceRecord.status == RecordStatus.OPEN,
            )
            .order_by(ServiceRecord.signed_in_at, ServiceRecord.id)
        )
    )


@dataclass(frozen=True)
class StillSignedIn:
    """One person still signed in, and the hours a sign-out at the given moment credits."""

    name: str
    signed_in_at: datetime
    hours: Decimal


def still_signed_in(activity: Activity, now: datetime) -> list[StillSignedIn]:
    """List who would be signed out at `now`, with the hours each would be credited."""
    config_rules = hour_rules()
    return [
        StillSignedIn(
            name=record.account.display_name,
            signed_in_at=record.signed_in_at,
            hours=rules.session_hours(
                record.signed_in_at,
                max(now, record.signed_in_at),
                activity.starts_at,
                activity.ends_at,
                config_rules,
            ).hours,
        )
        for record in open_sessions_at(activity.id)
    ]


@dataclass(frozen=True)
class Closing:
    """What the activity's pages say about signing everyone out: when, and for how many."""

    window: open_session.ClosingWindow
    still_in: int
    is_open: bool
    too_early: bool
    too_late: bool
    before_end: bool

    @property
    def minutes_before_end(self) -> int:
        """Return how many minutes before the end the button appears."""
        return int(open_session.SIGN_OUT_EVERYONE_BEFORE_END.total_seconds() // 60)

    @property
    def offered(self) -> bool:
        """Say whether the page offers the button: the window is open and someone is in."""
        return self.is_open and self.still_in > 0


def closing_of(activity: Activity, now: datetime) -> Closing:
    """Return when the activity may have everyone signed out, and how many are still in."""
    window = open_session.closing_window(activity.ends_at, hour_rules())
    still_in = db.session.scalar(
        select(func.count(ServiceRecord.id)).where(
            ServiceRecord.activity_id == activity.id, ServiceRecord.status == RecordStatus.OPEN
        )
    )
    return Closing(
        window=window,
        still_in=still_in or 0,
        is_open=not activity.is_cancelled and window.is_open(now),
        too_early=now < window.opens_at,
        too_late=now >= window.closes_at,
        before_end=now < activity.ends_at,
    )
