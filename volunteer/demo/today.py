"""The activity running now, for the screen and the scanner: made when the demo loads, and
again by every later `demo-data` that finds none under way (`make run` loads the demo once and
runs that command every time it starts, on any day)."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from sqlalchemy import select

from volunteer.activities.models import Activity, ActivityStatus
from volunteer.auth.models import Account, Role, RoleGrant
from volunteer.clock import local_day, utc_now
from volunteer.demo.activities import create_activity
from volunteer.demo.logins import DEMO_PASSWORD
from volunteer.demo.plans import Plan
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.records import services as records
from volunteer.records.models import RecordSource, RecordStatus, ServiceRecord
from volunteer.registration.models import Registration, RegistrationStatus
from volunteer.units.models import Unit, UnitKind

# Someone trying the demo needs time to find it: one ending within the hour is as good as over.
TIME_LEFT = timedelta(hours=1)
SIGNED_IN = 5


def running_activity(unit: Unit, now: datetime) -> Activity | None:
    """Return the unit's activity under way at `now` with an hour or more to go, if any."""
    return db.session.scalars(
        select(Activity)
        .where(
            Activity.unit_id == unit.id,
            Activity.status != ActivityStatus.CANCELLED,
            Activity.starts_at <= now,
            Activity.ends_at >= now + TIME_LEFT,
        )
        .order_by(Activity.starts_at.desc(), Activity.id.desc())
    ).first()


def ensure_running_activity(now: datetime | None = None) -> Activity | None:
    """Give the demo coordinator's unit an activity under way now, with some people signed in.

    Returns the activity, the one already running or a new one; None when the database has no
    demo coordinator (a real deployment is left alone).
    """
    now = now or utc_now()
    grant = _demo_coordinator_grant()
    if grant is None:
        return None
    # `make run` has no cron job: close yesterday's open sessions as the job would.
    records.close_forgotten_sign_outs(now)
    unit = grant.unit
    activity = running_activity(unit, now)
    if activity is not None:
        return activity
    # Begun an hour or so ago on a half hour, four hours long.
    starts_at = now.replace(second=0, microsecond=0) - timedelta(minutes=now.minute % 30 + 60)
    plan = Plan(
        f"{unit.name}志愿服务值班",
        unit.code,
        "导诊陪诊",
        0,
        time(0),
        4,
        place="候诊区",
    )
    activity = create_activity(plan, starts_at, {}, {}, None)
    _sign_some_in(activity, unit, now)
    return activity


def _demo_coordinator_grant() -> RoleGrant | None:
    grant = db.session.scalars(
        select(RoleGrant)
        .join(Account, RoleGrant.account_id == Account.id)
        .where(RoleGrant.role == Role.COORDINATOR, RoleGrant.revoked_at.is_(None))
        .order_by(Account.id)
    ).first()
    if grant is None or not grant.account.check_password(DEMO_PASSWORD):
        return None
    return grant


def _sign_some_in(activity: Activity, unit: Unit, now: datetime) -> None:
    """Sign in a few of the hospital's volunteers, leaving the demo volunteer to do it."""
    hospital = unit
    while hospital.kind == UnitKind.DEPARTMENT and hospital.parent is not None:
        hospital = hospital.parent
    volunteers = list(
        db.session.scalars(
            select(Account)
            .join(Registration, Registration.account_id == Account.id)
            .join(StaffMember, Account.staff_member_id == StaffMember.id)
            .join(Unit, StaffMember.unit_id == Unit.id)
            .where(
                Registration.status == RegistrationStatus.ACTIVE,
                Unit.path.startswith(hospital.path),
            )
            .order_by(Account.id)
        )
    )
    busy = set(
        db.session.scalars(
            select(ServiceRecord.account_id).where(ServiceRecord.status == RecordStatus.OPEN)
        )
    )
    # The first volunteer login is the one the demo prints: they sign in themselves.
    people = [account for account in volunteers[1:] if account.id not in busy]
    rng = random.Random(local_day(now).toordinal())
    for account in rng.sample(people, min(SIGNED_IN, len(people))):
        at = min(activity.starts_at + timedelta(minutes=rng.randint(-5, 15)), now)
        try:
            records.record_sign_in(
                account=account, activity=activity, source=RecordSource.SELF_SCAN, at=at
            )
        except DomainError:
            continue  # a rule refused this one (already serving elsewhere): others will do
