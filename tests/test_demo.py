"""The demo (flask demo-data): loaded once, with a year to show on every page, and an activity
running whenever `make run` starts, on the day it was loaded or any later one."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from demo_world import (
    DECEMBER,
    TWO_DAYS_AGO,
    demo_template,
    skip_unless_loaded_on_postgres,
    use_demo,
)

from volunteer.activities.models import Activity, Signup, SignupStatus, Team
from volunteer.auth.models import Account, RoleGrant
from volunteer.clock import utc_now
from volunteer.demo.logins import DEMO_PASSWORD
from volunteer.progress.figures import PaceStatus
from volunteer.progress.queries.units import progress_with_children
from volunteer.progress.queries.years import measure_for
from volunteer.records.models import (
    Correction,
    CorrectionStatus,
    PersonYearHours,
    RecordSource,
    RecordStatus,
    ReviewReason,
    ServiceRecord,
)
from volunteer.units.models import Unit

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(scope="module")
def earlier(migrated_database, tmp_path_factory):
    return demo_template(migrated_database, tmp_path_factory.mktemp("demo-earlier"), TWO_DAYS_AGO)


@pytest.fixture(scope="module")
def december(migrated_database, tmp_path_factory):
    return demo_template(migrated_database, tmp_path_factory.mktemp("demo-december"), DECEMBER)


@pytest.fixture
def demo(request, app, db, earlier):
    """The demo as a machine holds it two days after loading it."""
    skip_unless_loaded_on_postgres(request)
    use_demo(app, earlier, TWO_DAYS_AGO)


@pytest.fixture
def demo_in_december(request, app, db, december):
    skip_unless_loaded_on_postgres(request)
    use_demo(app, december, DECEMBER)


def run(runner):
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    return result.output


def count(db, column):
    return db.session.scalar(db.select(db.func.count(column)))


def running_for_the_coordinator(db) -> list[Activity]:
    """The activities of the demo coordinator's unit under way now, with an hour or more left."""
    now = utc_now()
    unit_ids = (
        db.select(RoleGrant.unit_id)
        .join(Account, RoleGrant.account_id == Account.id)
        .where(Account.username == "coordinator")
    )
    return list(
        db.session.scalars(
            db.select(Activity).where(
                Activity.unit_id.in_(unit_ids),
                Activity.starts_at <= now,
                Activity.ends_at >= now + timedelta(hours=1),
            )
        )
    )


def test_the_first_run_loads_the_demo_and_a_second_loads_nothing_more(db, runner):
    first = run(runner)
    activities, records = count(db, Activity.id), count(db, ServiceRecord.id)
    second = run(runner)

    assert "010001" in first and DEMO_PASSWORD in first and "正在进行的活动" in first
    assert "跳过" in second and "010001" in second and "正在进行的活动" in second
    assert (count(db, Activity.id), count(db, ServiceRecord.id)) == (activities, records)
    assert activities >= 15 and len(running_for_the_coordinator(db)) == 1


@pytest.mark.demo_on_postgres
def test_a_later_day_starts_an_activity_the_coordinator_can_run(demo, db, runner, client):
    assert running_for_the_coordinator(db) == []

    output = run(runner)

    (running,) = running_for_the_coordinator(db)
    assert running.title in output and "跳过" in output
    signed_in = db.session.scalars(
        db.select(ServiceRecord.status).where(ServiceRecord.activity_id == running.id)
    ).all()
    assert signed_in and set(signed_in) == {RecordStatus.OPEN}
    client.post("/login", data={"identifier": "coordinator", "password": DEMO_PASSWORD})
    assert running.title in client.get("/activities").get_data(as_text=True)
    assert client.get(f"/activities/{running.id}").status_code == 200
    assert client.get(f"/activities/{running.id}/screen").status_code == 200


def test_later_runs_on_the_same_day_add_nothing(demo, db, runner):
    run(runner)
    (running,) = running_for_the_coordinator(db)
    kept = count(db, Activity.id), count(db, ServiceRecord.id)

    run(runner)

    assert running_for_the_coordinator(db) == [running]
    assert (count(db, Activity.id), count(db, ServiceRecord.id)) == kept


def test_a_later_run_sends_yesterdays_open_sessions_to_review(demo, db, runner):
    run(runner)

    still_open = db.session.scalars(
        db.select(ServiceRecord).where(ServiceRecord.status == RecordStatus.OPEN)
    ).all()
    assert still_open and {r.activity for r in still_open} == set(running_for_the_coordinator(db))


def test_demo_has_records_in_every_state(demo, db):
    records = db.session.scalars(db.select(ServiceRecord)).all()

    assert {r.status for r in records} == set(RecordStatus)
    waiting = {r.review_reason for r in records if r.status == RecordStatus.NEEDS_REVIEW}
    assert waiting >= {
        ReviewReason.FORGOTTEN_SIGN_OUT,
        ReviewReason.DAILY_OVER_MANAGER_LINE,
        ReviewReason.MAKE_UP,
    }
    make_ups = {r.status for r in records if r.source == RecordSource.MAKE_UP}
    assert make_ups == {RecordStatus.APPROVED, RecordStatus.NEEDS_REVIEW, RecordStatus.REJECTED}
    assert {r.source for r in records} >= {
        RecordSource.SELF_SCAN,
        RecordSource.STATIC_CODE,
        RecordSource.COORDINATOR_SCAN,
        RecordSource.MAKE_UP,
    }
    assert db.session.scalar(
        db.select(db.func.count(Correction.id)).where(Correction.status == CorrectionStatus.PENDING)
    )
    assert len({r.account_id for r in records}) >= 100


def test_demo_has_teams_and_sign_ups(demo, db):
    statuses = set(db.session.scalars(db.select(Signup.status)))

    assert any(a.static_code_allowed for a in db.session.scalars(db.select(Activity)))
    assert {SignupStatus.CONFIRMED, SignupStatus.WAITLISTED} <= statuses
    teams = db.session.scalars(db.select(Team)).all()
    emergency = next(team for team in teams if team.is_emergency)
    assert emergency.members and all(member.skills for member in emergency.members)


def test_the_demo_volunteer_has_records_and_can_log_in(demo, db, client):
    volunteer = db.session.scalar(db.select(Account).where(Account.username == "010001"))
    statuses = set(
        db.session.scalars(
            db.select(ServiceRecord.status).where(ServiceRecord.account_id == volunteer.id)
        )
    )

    assert RecordStatus.APPROVED in statuses
    response = client.post("/login", data={"identifier": "010001", "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_the_year_runs_from_1_january_to_the_day_it_was_loaded(demo_in_december, db):
    days = db.session.scalars(db.select(ServiceRecord.service_date)).all()
    months = {day.month for day in days if day.year == 2026}

    assert min(day for day in days if day.year == 2026) <= date(2026, 1, 7)
    assert max(days) == date(2026, 12, 1)  # the activity running as it was loaded
    assert months == set(range(1, 13))


def test_in_december_some_meet_the_target_and_units_are_on_track_or_behind(demo_in_december, db):
    measure = measure_for(2026, today=date(2026, 12, 1))
    root = db.session.scalars(db.select(Unit).where(Unit.code == "WJW")).one()
    hospital = db.session.scalars(db.select(Unit).where(Unit.code == "SY01")).one()
    total, hospitals = progress_with_children(root, measure)
    _, departments = progress_with_children(hospital, measure)

    assert {h.code: h.pace_status for h in hospitals} == {
        "SY01": PaceStatus.ON_TRACK,
        "ZY02": PaceStatus.AT_RISK,
        "JK03": PaceStatus.BEHIND,
    }
    assert {d.pace_status for d in departments} == set(PaceStatus)
    # Some people have served the year's 48 hours; most have not, as in a real unit.
    assert 0 < total.meeting_target < total.registered / 2
    hours = db.session.scalars(
        db.select(PersonYearHours.approved_hours).where(PersonYearHours.year == 2026)
    ).all()
    assert max(hours) >= 100 and min(hours) < 10


def readme_logins() -> list[tuple[str, str]]:
    """The (username, scope) rows of the README's table of demo logins."""
    section = README.read_text().split("## 演示账号 · Demo logins")[1].split("\n## ")[0]
    return re.findall(r"^\|[^|]+\| `([^`]+)` \| ([^|]+) \|$", section, re.MULTILINE)


def test_the_readme_lists_the_logins_demo_data_prints(demo, db, runner):
    rows = readme_logins()
    printed = run(runner)

    assert [username for username, _ in rows] == ["admin", "manager", "coordinator", "010001"]
    for username, scope in rows:
        account = db.session.scalar(db.select(Account).where(Account.username == username))
        assert account.check_password(DEMO_PASSWORD)
        # The volunteer's cell adds how to log in, in brackets, to the scope printed.
        line = next(line for line in printed.splitlines() if f" {username} " in line)
        assert line.endswith(f"({scope.split('（')[0].strip()})")
