"""The scanner tests' volunteer with a phone code, activity and coordinator, and their helpers."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import local_time
from sqlalchemy import select

from volunteer.auth.models import Role
from volunteer.records.models import ServiceRecord
from volunteer.scanner.services import codes, scans


def at(hour: int, minute: int = 0, second: int = 0) -> datetime:
    """Return a local time on 5 March 2026, the day of the test activity."""
    return local_time(2026, 3, 5, hour, minute, second)


@pytest.fixture(name="world")
def world_fixture(db, org, make_volunteer, make_activity, make_account):
    """A volunteer of hospital A with a phone code, a 09:00–12:00 activity and its coordinator."""
    volunteer = make_volunteer(org["a1"], "王小明", phone="13912345678")
    code = codes.phone_code_for(volunteer)
    db.session.commit()
    return {
        "org": org,
        "volunteer": volunteer,
        "code": code,
        "activity": make_activity(org["a"], "社区义诊", starts_at=at(9), hours=3),
        "coordinator": make_account("coord-a", Role.COORDINATOR, org["a"]),
    }


def scan(world, now: datetime, token: str | None = None):
    token = token if token is not None else codes.phone_token(world["code"], now)
    return scans.scan_person(
        activity=world["activity"], token=token, by=world["coordinator"], now=now
    )


def records(db) -> list[ServiceRecord]:
    return list(db.session.scalars(select(ServiceRecord).order_by(ServiceRecord.id)))


@pytest.fixture(name="live")
def live_fixture(db, org, make_volunteer, make_activity, make_account):
    """Like `world`, but the activity began an hour ago, so real-time requests fall in it."""
    volunteer = make_volunteer(org["a1"], "王小明", phone="13912345678")
    code = codes.phone_code_for(volunteer)
    db.session.commit()
    return {
        "org": org,
        "volunteer": volunteer,
        "code": code,
        "activity": make_activity(org["a"], "社区义诊"),
        "coordinator": make_account("coord-a", Role.COORDINATOR, org["a"]),
    }
