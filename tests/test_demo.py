"""The demo (flask demo-data): loaded once, with something to show on every page."""

from volunteer.activities.models import Activity, Signup, SignupStatus, Team
from volunteer.auth.models import Account
from volunteer.clock import utc_now
from volunteer.records.models import (
    Correction,
    CorrectionStatus,
    RecordSource,
    RecordStatus,
    ReviewReason,
    ServiceRecord,
)


def load(runner):
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    return result.output


def test_demo_loads_once_and_prints_the_logins_again(db, runner):
    first = load(runner)
    activities = db.session.scalar(db.select(db.func.count(Activity.id)))
    second = load(runner)

    assert "010001" in first and "Demo@2026" in first
    assert "跳过" in second and "010001" in second
    assert db.session.scalar(db.select(db.func.count(Activity.id))) == activities >= 15


def test_demo_has_records_in_every_state(db, runner):
    load(runner)
    records = db.session.scalars(db.select(ServiceRecord)).all()

    assert {r.status for r in records} == set(RecordStatus)
    waiting = {r.review_reason for r in records if r.status == RecordStatus.NEEDS_REVIEW}
    assert waiting >= {
        ReviewReason.FORGOTTEN_SIGN_OUT,
        ReviewReason.DAILY_OVER_MANAGER_LINE,
        ReviewReason.MAKE_UP,
    }
    assert {r.source for r in records} >= {
        RecordSource.SELF_SCAN,
        RecordSource.STATIC_CODE,
        RecordSource.COORDINATOR_SCAN,
        RecordSource.MAKE_UP,
    }
    assert db.session.scalar(
        db.select(db.func.count(Correction.id)).where(Correction.status == CorrectionStatus.PENDING)
    )
    assert len({r.account_id for r in records}) >= 15


def test_demo_has_teams_sign_ups_and_an_activity_running_now(db, runner):
    load(runner)
    now = utc_now()
    running = db.session.scalars(
        db.select(Activity).where(Activity.starts_at <= now, Activity.ends_at > now)
    ).all()
    statuses = set(db.session.scalars(db.select(Signup.status)))

    assert running and any(a.static_code_allowed for a in db.session.scalars(db.select(Activity)))
    assert {SignupStatus.CONFIRMED, SignupStatus.WAITLISTED} <= statuses
    teams = db.session.scalars(db.select(Team)).all()
    emergency = next(team for team in teams if team.is_emergency)
    assert emergency.members and all(member.skills for member in emergency.members)


def test_the_demo_volunteer_has_records_and_can_log_in(db, runner, client):
    load(runner)
    volunteer = db.session.scalar(db.select(Account).where(Account.username == "010001"))
    statuses = set(
        db.session.scalars(
            db.select(ServiceRecord.status).where(ServiceRecord.account_id == volunteer.id)
        )
    )

    assert RecordStatus.APPROVED in statuses
    response = client.post("/login", data={"identifier": "010001", "password": "Demo@2026"})
    assert response.status_code == 302
