"""A year of routine service: each unit's weekly activities from 1 January to yesterday, and
every registered volunteer's sessions at them, made through the services like any scan.

How much a volunteer serves in a year is drawn once per person around their department's
keenness (demo.plans.KEENNESS): a long tail, most a little, a few a lot, one in ten nothing.
Their sessions are spread evenly over the days they have been registered, so a unit's hours per
person keep the same share of the pace line whatever the day of the year, and in December the
keen have passed the 48-hour target.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from volunteer.activities.models import Project
from volunteer.auth.models import Account
from volunteer.clock import local_zone
from volunteer.demo.activities import Cast, create_activity
from volunteer.demo.plans import KEENNESS, ROUTINES, Plan, Routine
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.people.models import EmploymentStatus, StaffMember
from volunteer.progress.figures import days_in_year
from volunteer.records import services as records
from volunteer.records.models import RecordSource
from volunteer.registration.models import Registration
from volunteer.units.models import Unit

TARGET_HOURS = 48
NEVER_SERVES = 0.1  # registered, and not one session this year
# How much keener one volunteer is than another: a long tail (a lognormal's spread).
SPREAD_SIGMA = 0.6
CALLED_AWAY = 0.05  # share of sessions that end halfway
AVERAGE_CREDIT = 3.4  # hours, what the routines' sessions are credited on average
PHONES = [
    "Mozilla/5.0 (Linux; Android 14; V2307A) MicroMessenger/8.0.49",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) MicroMessenger/8.0.50",
    "Mozilla/5.0 (Linux; Android 13; PGT-AN10) MicroMessenger/8.0.47",
]

Advance = Callable[[int], None]


@dataclass(frozen=True)
class Occasion:
    """One week's session of a routine activity, before anyone is known to come."""

    routine: Routine
    day: date

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.day, self.routine.starts, tzinfo=local_zone())


def occasions(today: date, skip: set[date]) -> dict[str, list[Occasion]]:
    """Each hospital's routine occasions from 1 January to yesterday, in order of time."""
    by_hospital: dict[str, list[Occasion]] = defaultdict(list)
    day = date(today.year, 1, 1)
    while day < today:
        if day not in skip:
            for routine in ROUTINES:
                if routine.weekday == day.weekday():
                    by_hospital[routine.unit[:4]].append(Occasion(routine, day))
        day += timedelta(days=1)
    return by_hospital


def planned_sessions(
    cast: Cast, rng: random.Random, today: date, skip: set[date]
) -> dict[Occasion, list[Account]]:
    """Decide who comes to each occasion: every volunteer's share, spread over their weeks."""
    by_hospital = occasions(today, skip)
    elapsed = (today - date(today.year, 1, 1)).days
    headcounts = _headcounts()
    by_department: dict[str, list[tuple[Account, list[Occasion], float]]] = defaultdict(list)
    for accounts in cast.by_hospital.values():
        for account in accounts:
            department = account.staff_member.unit.code  # type: ignore[union-attr]
            first = _first_day(account, today)
            weeks = [o for o in by_hospital[department[:4]] if o.day >= first]
            keen = 0.0 if rng.random() < NEVER_SERVES else rng.lognormvariate(0, SPREAD_SIGMA)
            # Who registered in June has half the year's weeks to give their keenness to.
            by_department[department].append((account, weeks, keen * len(weeks)))
    coming: dict[Occasion, list[Account]] = defaultdict(list)
    for department, volunteers in by_department.items():
        # The department's hours by today: its keenness × 48 h × headcount × the year gone.
        hours = KEENNESS[department] * TARGET_HOURS * headcounts[department] * elapsed
        hours /= days_in_year(today.year)
        weights = sum(weight for _, _, weight in volunteers)
        for account, weeks, weight in volunteers:
            if not weight:
                continue
            credit = sum(_credit(o.routine) for o in weeks) / len(weeks)
            count = min(len(weeks), round(hours * weight / weights / credit))
            step = len(weeks) / count if count else 0
            for n in range(count):
                coming[weeks[int((n + rng.random()) * step)]].append(account)
    return coming


def add_year_of_service(
    cast: Cast,
    rng: random.Random,
    today: date,
    skip: set[date],
    projects: dict[str, Project],
    advance: Advance,
) -> None:
    """Hold every routine occasion someone comes to, and sign them in and out."""
    coming = planned_sessions(cast, rng, today, skip)
    for occasion in sorted(coming, key=lambda o: o.starts_at):
        routine = occasion.routine
        plan = Plan(
            routine.title,
            routine.unit,
            routine.category,
            0,
            routine.starts,
            routine.hours,
            project=routine.project,
            place=routine.place,
        )
        # The emergency department's own activities are the demo coordinator's.
        organiser = cast.coordinator if routine.unit == "SY01-01" else None
        activity = create_activity(plan, occasion.starts_at, {}, projects, organiser)
        for account in coming[occasion]:
            by = organiser if organiser is not None and rng.random() < 0.3 else None
            source = RecordSource.COORDINATOR_SCAN if by else RecordSource.SELF_SCAN
            begin = activity.starts_at + timedelta(minutes=rng.randint(-10, 10))
            end = activity.ends_at - timedelta(minutes=rng.randint(0, 25))
            if rng.random() < CALLED_AWAY:
                end = activity.starts_at + (activity.ends_at - activity.starts_at) / 2
            try:
                records.record_sign_in(
                    account=account,
                    activity=activity,
                    source=source,
                    by=by,
                    device=None if by else PHONES[account.id % len(PHONES)],
                    at=begin,
                )
                records.record_sign_out(account=account, activity=activity, by=by, at=end)
            except DomainError:
                continue  # a rule refused this session: the demo just leaves it out
        advance(len(coming[occasion]))


def expected_sessions(today: date, staff: int) -> int:
    """About how many sessions a year to `today` holds for `staff` people, for a progress bar."""
    share = (today - date(today.year, 1, 1)).days / days_in_year(today.year)
    keenness = sum(KEENNESS.values()) / len(KEENNESS)
    return round(staff * keenness * TARGET_HOURS * share / AVERAGE_CREDIT)


def _first_day(account: Account, today: date) -> date:
    """1 January, or the day the person registered when that came later."""
    registered_on = db.session.scalar(
        select(Registration.registered_on).where(Registration.account_id == account.id)
    )
    return max(date(today.year, 1, 1), registered_on or today)


def _headcounts() -> dict[str, int]:
    """Each department's staff in service, by its code."""
    rows = db.session.execute(
        select(Unit.code, db.func.count(StaffMember.id))
        .join(StaffMember, StaffMember.unit_id == Unit.id)
        .where(StaffMember.status == EmploymentStatus.ACTIVE)
        .group_by(Unit.code)
    )
    return dict(rows.all())


def _credit(routine: Routine) -> float:
    """The hours a session of the routine is credited on average (late, early, called away)."""
    return (routine.hours - 0.25) * (1 - CALLED_AWAY / 2)
