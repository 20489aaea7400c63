"""Codes, tickets and counters shared by the check-in tests, and their volunteer and activity."""

from datetime import UTC, datetime, time
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from volunteer.audit.models import AuditEntry
from volunteer.checkin import scan_tickets, tokens
from volunteer.checkin.tickets import DEVICE_COOKIE
from volunteer.clock import utc_now
from volunteer.records.models import ServiceRecord

PHONE_UA = "Mozilla/5.0 (iPhone) MicroMessenger/8.0.49"


def local_clock_today(app, hour: int) -> datetime:
    """Today's `hour`:00 in the organisation's zone, as a UTC moment: for scenes that must sit
    on one side of local midnight (or across it) whatever time the suite runs."""
    zone = ZoneInfo(app.config["TIMEZONE"])
    today = utc_now().astimezone(zone).date()
    return datetime.combine(today, time(hour), zone).astimezone(UTC)


def code_of(app, activity, now=None) -> str:
    """The screen's rotating code for `activity` at `now`, as the camera reads it."""
    return tokens.activity_token(
        app.config["SECRET_KEY"],
        activity.token_key,
        now or utc_now(),
        app.config["QR_ROTATE_SECONDS"],
    )


def poster_code_of(app, activity, generation=None) -> str:
    return tokens.poster_token(
        app.config["SECRET_KEY"],
        activity.token_key,
        activity.static_code_generation if generation is None else generation,
    )


def ticket_path(client, token: str) -> str:
    """Scan `token` and return the ticket page it leads to."""
    response = client.get(f"/s/{token}")
    assert response.status_code == 302, response.get_data(as_text=True)
    path = urlsplit(response.headers["Location"]).path
    assert path.startswith("/checkin/")
    return path


def device_of(app, client) -> scan_tickets.Device:
    """The phone `client` stands for, as its scan cookie names it (it must have scanned)."""
    cookie = client.get_cookie(DEVICE_COOKIE)
    device = scan_tickets.load_device(app.config["SECRET_KEY"], cookie and cookie.value)
    assert device is not None, "this client has not scanned a code"
    return device


def records(db) -> list[ServiceRecord]:
    db.session.expire_all()
    return db.session.scalars(db.select(ServiceRecord).order_by(ServiceRecord.id)).all()


def audit_count(db) -> int:
    return db.session.scalar(db.select(db.func.count(AuditEntry.id)))


@pytest.fixture(name="volunteer")
def volunteer_fixture(org, make_volunteer):
    return make_volunteer(org["a1"], "李四")


@pytest.fixture(name="activity")
def activity_fixture(org, make_activity):
    return make_activity(org["a"], "社区义诊", hours=3)
