"""A lean sign-in path (issue 12 part 3): a whole sign-in event (the scan, the ticket page, the
press) and a whole sign-out event each send at most 10 SQL statements, counted per request, so
repeated look-ups cannot creep back in."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from checkin_world import (  # noqa: F401 - the fixtures are used by name
    PHONE_UA,
    activity_fixture,
    code_of,
    records,
    volunteer_fixture,
)
from statements import sent_statements

from volunteer.clock import utc_now
from volunteer.records.models import PersonYearHours, RecordSource, RecordStatus
from volunteer.records.queries.totals_check import check_totals
from volunteer.records.services import record_sign_in

EVENT_LIMIT = 10
# What each step sends today (SQLite): nothing for the scan of someone logged in (the signed
# session says who, the page checks the activity); then the user with their role grants in one
# statement, the activity with the person's registration and open session in one, the writes.
SIGN_IN_STEPS = {"scan": 0, "page": 2, "press": 5}
SIGN_OUT_STEPS = {"scan": 0, "page": 2, "press": 6}


def counted(db, request) -> tuple[Any, list[str]]:
    with sent_statements(db.engine) as statements:
        response = request()
    return response, statements


def event(app, client, db, activity, press: str) -> dict[str, list[str]]:
    """Scan the screen's code, open the ticket page, press the button: statements per step."""
    code = code_of(app, activity)
    scan, on_scan = counted(db, lambda: client.get(f"/s/{code}"))
    assert scan.status_code == 302
    path = urlsplit(scan.headers["Location"]).path
    page, on_page = counted(db, lambda: client.get(path))
    assert page.status_code == 200
    done, on_press = counted(
        db,
        lambda: client.post(
            f"{path}/{press}", data={"confirm": "1"}, headers={"User-Agent": PHONE_UA}
        ),
    )
    assert done.status_code == 302
    return {"scan": on_scan, "page": on_page, "press": on_press}


def total(steps: dict[str, list[str]]) -> int:
    return sum(len(statements) for statements in steps.values())


def describe(steps: dict[str, list[str]]) -> str:
    return "\n".join(
        f"{step}: " + statement.split("\n")[0][:120]
        for step, statements in steps.items()
        for statement in statements
    )


def test_a_sign_in_event_sends_at_most_10_statements(
    app, client, db, activity, volunteer, login_as
):
    login_as(volunteer)

    steps = event(app, client, db, activity, "sign-in")

    assert total(steps) <= EVENT_LIMIT, describe(steps)
    assert {step: len(sent) for step, sent in steps.items()} == SIGN_IN_STEPS, describe(steps)
    [record] = records(db)
    assert record.status == RecordStatus.OPEN and record.source == RecordSource.SELF_SCAN


def test_a_sign_out_event_sends_at_most_10_statements(
    app, client, db, org, make_activity, volunteer, login_as
):
    activity = make_activity(org["a"], starts_at=utc_now() - timedelta(hours=3), hours=5)
    record_sign_in(
        account=volunteer,
        activity=activity,
        source=RecordSource.SELF_SCAN,
        at=utc_now() - timedelta(hours=2, minutes=10),
    )
    db.session.commit()
    login_as(volunteer)

    steps = event(app, client, db, activity, "sign-out")

    assert total(steps) <= EVENT_LIMIT, describe(steps)
    assert {step: len(sent) for step, sent in steps.items()} == SIGN_OUT_STEPS, describe(steps)
    [record] = records(db)
    assert record.status == RecordStatus.APPROVED and record.hours == 2
    kept = db.session.get(PersonYearHours, (volunteer.id, record.service_date.year))
    assert kept.approved_hours == 2
    assert check_totals() == []
