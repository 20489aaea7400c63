"""The end of an activity: whoever runs it signs out everyone still signed in, each by the normal
rules (clipped, rounded, the daily review), audited as the coordinator, after a confirmation."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from checkin_world import records
from conftest import PASSWORD

from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Role
from volunteer.clock import utc_now
from volunteer.errors import DomainError
from volunteer.records.models import RecordSource, RecordStatus
from volunteer.records.services import record_sign_in, record_sign_out
from volunteer.records.services.closing import sign_out_everyone

SELF = RecordSource.SELF_SCAN
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(hour: int, minute: int = 0) -> datetime:
    """A local time (the test app's zone) on 10 November 2026, the day of the morning activity."""
    return datetime(2026, 11, 10, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture(name="morning")
def morning_fixture(db, org, make_activity, make_volunteer, make_account):
    """A 09:00–12:00 activity of hospital A with three people signed in, one after a long night."""
    activity = make_activity(org["a"], "社区义诊", starts_at=at(9), hours=3)
    night = make_activity(org["a"], "夜间急救保障", starts_at=at(1), hours=7)
    people = {
        name: make_volunteer(org["a1"], name, staff_no=staff_no)
        for name, staff_no in (("早到", "1001"), ("准时", "1002"), ("夜班", "1003"))
    }
    # 夜班 served 01:00–08:00 the same day: 7 h already claimed.
    record_sign_in(account=people["夜班"], activity=night, source=SELF, at=at(1))
    record_sign_out(account=people["夜班"], activity=night, at=at(8))
    for name, signed_in in (("早到", at(8, 50)), ("准时", at(9, 30)), ("夜班", at(10))):
        record_sign_in(account=people[name], activity=activity, source=SELF, at=signed_in)
    db.session.commit()
    return {
        "activity": activity,
        "people": people,
        "coordinator": make_account("coord-a", Role.COORDINATOR, org["a"]),
    }


def test_everyone_is_signed_out_by_the_rules_and_audited_as_the_coordinator(db, morning):
    coordinator = morning["coordinator"]

    done = sign_out_everyone(activity=morning["activity"], by=coordinator, at=at(12, 10))
    db.session.commit()

    assert (done.count, done.waiting) == (3, 1)
    name_of = {person.id: name for name, person in morning["people"].items()}
    morning_id = morning["activity"].id
    closed = {name_of[r.account_id]: r for r in records(db) if r.activity_id == morning_id}
    # Clipped to 09:00–12:00 and rounded, as at each person's own sign-out.
    assert {name: r.hours for name, r in closed.items()} == {
        "早到": Decimal("3"),
        "准时": Decimal("2.5"),
        "夜班": Decimal("2"),
    }
    assert closed["早到"].status == closed["准时"].status == RecordStatus.APPROVED
    # 7 h in the night plus 2 h: the day claims 9 h, above the 8 h line.
    assert closed["夜班"].status == RecordStatus.NEEDS_REVIEW
    assert closed["夜班"].review_reason == "daily_over_8"
    assert {r.signed_out_by_id for r in closed.values()} == {coordinator.id}
    assert {r.signed_out_at for r in closed.values()} == {at(12, 10)}
    entries = db.session.scalars(
        db.select(AuditEntry).where(
            AuditEntry.action == "record.sign_out",
            AuditEntry.subject_id.in_([r.id for r in closed.values()]),
        )
    ).all()
    assert len(entries) == 3 and {e.actor_id for e in entries} == {coordinator.id}


def test_a_session_at_another_activity_is_left_alone(db, org, morning, make_activity):
    other = make_activity(org["a"], "导诊陪诊", starts_at=at(9), hours=4)
    person = morning["people"]["早到"]
    record_sign_out(account=person, activity=morning["activity"], at=at(11))
    record_sign_in(account=person, activity=other, source=SELF, at=at(11, 5))
    db.session.commit()

    done = sign_out_everyone(activity=morning["activity"], by=morning["coordinator"], at=at(12))

    assert done.count == 2
    [still_open] = [r for r in records(db) if r.status == RecordStatus.OPEN]
    assert still_open.activity_id == other.id


@pytest.mark.parametrize(
    ("when", "code"),
    [
        pytest.param(at(11, 29), "too_early", id="31 min before the end"),
        pytest.param(at(14, 0), "too_late", id="when the sign-out window closes"),
    ],
)
def test_outside_its_window_nobody_is_signed_out(db, morning, when, code):
    with pytest.raises(DomainError) as refused:
        sign_out_everyone(activity=morning["activity"], by=morning["coordinator"], at=when)
    assert refused.value.code == code
    db.session.rollback()
    assert sum(r.status == RecordStatus.OPEN for r in records(db)) == 3


def test_half_an_hour_before_the_end_it_counts_until_now(db, morning):
    done = sign_out_everyone(activity=morning["activity"], by=morning["coordinator"], at=at(11, 30))
    assert done.count == 3
    assert sorted(r.hours for r in done.records) == [Decimal("1.5"), Decimal("2"), Decimal("2.5")]


# --- The pages ---------------------------------------------------------------------------------


@pytest.fixture(name="ending")
def ending_fixture(db, org, make_activity, make_volunteer, make_account):
    """An activity that ended five minutes ago, with two people still signed in."""
    now = utc_now().replace(second=0, microsecond=0)
    activity = make_activity(
        org["a"], "健康讲座", starts_at=now - timedelta(hours=2, minutes=5), hours=2
    )
    people = [
        make_volunteer(org["a1"], name, staff_no=no)
        for name, no in (("甲", "A0021"), ("乙", "A0022"))
    ]
    for person, minutes in zip(people, (130, 65), strict=True):
        record_sign_in(
            account=person, activity=activity, source=SELF, at=now - timedelta(minutes=minutes)
        )
    db.session.commit()
    return {
        "activity": activity,
        "coordinator": make_account("coord-a", Role.COORDINATOR, org["a"]),
        "url": f"/activities/{activity.id}/sign-out-everyone",
    }


def test_the_activity_page_offers_it_and_the_confirmation_says_how_many(
    client, db, ending, login_as
):
    login_as(ending["coordinator"])
    detail = client.get(f"/activities/{ending['activity'].id}").get_data(as_text=True)
    assert "全部签退（2 人在签到中）" in detail and ending["url"] in detail

    page = client.get(ending["url"]).get_data(as_text=True)
    assert "将为仍在签到中的 2 人签退" in page and "确认为 2 人签退" in page
    # Each person by name (the test accounts are named by their 工号), with the hours due.
    assert "A0021" in page and "A0022" in page and "活动已于" in page
    assert 'name="confirm" value="1"' in page and "/rules" in page

    # A POST without confirm=1 only shows the confirmation again.
    again = client.post(ending["url"])
    assert again.status_code == 200 and "确认为 2 人签退" in again.get_data(as_text=True)
    assert all(r.status == RecordStatus.OPEN for r in records(db))

    done = client.post(ending["url"], data={"confirm": "1"}, follow_redirects=True)
    assert "已为 2 人签退，时长已按规则计入。" in done.get_data(as_text=True)
    closed = records(db)
    assert all(r.status == RecordStatus.APPROVED for r in closed)
    assert sorted(r.hours for r in closed) == [Decimal("1"), Decimal("2")]
    assert {r.signed_out_by_id for r in closed} == {ending["coordinator"].id}


@pytest.mark.app_config(DAILY_MANAGER_REVIEW_HOURS=1)
def test_the_result_says_how_many_went_to_review(client, db, ending, login_as):
    login_as(ending["coordinator"])
    done = client.post(ending["url"], data={"confirm": "1"}, follow_redirects=True)
    # 甲's 2 h take the day above the (lowered) 1 h line; 乙's 1 h does not.
    assert "已为 2 人签退，其中 1 人当日累计时长较长，需管理员审核后计入。" in done.get_data(
        as_text=True
    )
    assert sorted((r.hours, r.status) for r in records(db)) == [
        (Decimal("1"), RecordStatus.APPROVED),
        (Decimal("2"), RecordStatus.NEEDS_REVIEW),
    ]


def test_before_the_last_half_hour_the_page_says_when_it_opens(
    client, db, org, make_activity, make_volunteer, make_account, login_as
):
    activity = make_activity(org["a"], starts_at=utc_now() - timedelta(minutes=30), hours=2)
    record_sign_in(account=make_volunteer(org["a1"]), activity=activity, source=SELF)
    db.session.commit()
    login_as(make_account("coord-a", Role.COORDINATOR, org["a"]))

    detail = client.get(f"/activities/{activity.id}").get_data(as_text=True)
    assert "全部签退（" not in detail and "活动结束前 30 分钟" in detail
    page = client.get(f"/activities/{activity.id}/sign-out-everyone").get_data(as_text=True)
    assert "活动结束前 30 分钟" in page and "现在有 1 人在签到中" in page
    assert 'name="confirm"' not in page
    refused = client.post(
        f"/activities/{activity.id}/sign-out-everyone",
        data={"confirm": "1"},
        headers={"Referer": f"/activities/{activity.id}/sign-out-everyone"},
        follow_redirects=True,
    )
    assert "起才能全部签退" in refused.get_data(as_text=True)
    assert records(db)[0].status == RecordStatus.OPEN


def test_another_hospitals_coordinator_is_refused(client, db, org, ending, make_account, login_as):
    login_as(make_account("coord-b", Role.COORDINATOR, org["b"]))
    assert client.get(ending["url"]).status_code == 403
    assert client.post(ending["url"], data={"confirm": "1"}).status_code == 403
    assert all(r.status == RecordStatus.OPEN for r in records(db))


def _csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_the_confirmation_is_csrf_protected(client, db, ending):
    client.post(
        "/login",
        data={
            "identifier": ending["coordinator"].username,
            "password": PASSWORD,
            "csrf_token": _csrf_token(client.get("/login").get_data(as_text=True)),
        },
    )
    page = client.get(ending["url"]).get_data(as_text=True)

    assert client.post(ending["url"], data={"confirm": "1"}).status_code == 400
    assert all(r.status == RecordStatus.OPEN for r in records(db))
    done = client.post(ending["url"], data={"confirm": "1", "csrf_token": _csrf_token(page)})
    assert done.status_code == 302
    assert all(r.status == RecordStatus.APPROVED for r in records(db))
