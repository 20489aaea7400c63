"""The phone's sign-out within minutes of the sign-in (probably a mistaken tap) asks first, and the
sign-in page says when the next half hour will count."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from checkin_world import (  # noqa: F401 - the fixtures are used by name
    audit_count,
    code_of,
    records,
    ticket_path,
    volunteer_fixture,
)
from conftest import PASSWORD

from volunteer.clock import local_zone, utc_now
from volunteer.records.models import RecordSource, RecordStatus
from volunteer.records.services import record_sign_in


def signed_in(db, volunteer, activity, minutes_ago: float) -> None:
    record_sign_in(
        account=volunteer,
        activity=activity,
        source=RecordSource.SELF_SCAN,
        at=utc_now() - timedelta(minutes=minutes_ago),
    )
    db.session.commit()


@pytest.fixture(name="running")
def running_fixture(org, make_activity):
    """An activity that began an hour ago and runs two more."""
    return make_activity(org["a"], "社区义诊", hours=3)


def test_a_sign_out_six_minutes_in_asks_and_changes_nothing_until_confirmed(
    app, client, db, running, volunteer, login_as
):
    signed_in(db, volunteer, running, minutes_ago=6.2)
    login_as(volunteer)
    path = ticket_path(client, code_of(app, running))
    before = audit_count(db)

    asked = client.post(f"{path}/sign-out")

    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "签到仅 6 分钟，现在签退计 0 小时，确定签退吗？" in page
    assert "同一活动每天最多签到 3 次" in page and f'href="{path}"' in page  # 继续服务
    assert 'name="confirm" value="1"' in page and "/rules" in page
    [record] = records(db)
    assert record.status == RecordStatus.OPEN and audit_count(db) == before

    done = client.post(f"{path}/sign-out", data={"confirm": "1"}, follow_redirects=True)

    assert "签退成功" in done.get_data(as_text=True)
    [record] = records(db)
    assert record.status == RecordStatus.APPROVED and record.hours == 0


def test_a_sign_out_at_once_says_less_than_a_minute(app, client, db, running, volunteer, login_as):
    signed_in(db, volunteer, running, minutes_ago=0.2)
    login_as(volunteer)
    path = ticket_path(client, code_of(app, running))
    page = client.post(f"{path}/sign-out").get_data(as_text=True)
    assert "刚刚签到（不到 1 分钟），现在签退计 0 小时，确定签退吗？" in page


@pytest.mark.parametrize("minutes_ago", [10.1, 11, 40])
def test_after_ten_minutes_the_sign_out_needs_no_confirmation(
    app, client, db, running, volunteer, login_as, minutes_ago
):
    signed_in(db, volunteer, running, minutes_ago=minutes_ago)
    login_as(volunteer)
    path = ticket_path(client, code_of(app, running))

    response = client.post(f"{path}/sign-out")

    assert response.status_code == 302
    [record] = records(db)
    assert record.status == RecordStatus.APPROVED


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_the_confirmation_keeps_the_csrf_token(app, client, db, running, volunteer):
    token = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
    login_page = client.get("/login").get_data(as_text=True)
    client.post(
        "/login",
        data={
            "identifier": volunteer.username,
            "password": PASSWORD,
            "csrf_token": token.search(login_page)[1],
        },
    )
    signed_in(db, volunteer, running, minutes_ago=3)
    path = ticket_path(client, code_of(app, running))
    ticket_page = client.get(path).get_data(as_text=True)

    asked = client.post(f"{path}/sign-out", data={"csrf_token": token.search(ticket_page)[1]})
    page = asked.get_data(as_text=True)
    assert "确定签退吗？" in page
    assert client.post(f"{path}/sign-out", data={"confirm": "1"}).status_code == 400
    assert records(db)[0].status == RecordStatus.OPEN

    client.post(f"{path}/sign-out", data={"confirm": "1", "csrf_token": token.search(page)[1]})
    assert records(db)[0].status == RecordStatus.APPROVED


# --- When the next half hour counts ------------------------------------------------------------


def local_clock(moment) -> str:
    return moment.astimezone(local_zone()).strftime("%H:%M")


@pytest.mark.parametrize(
    ("starts_in", "hours", "minutes_ago", "says"),
    [
        pytest.param(-60, 3, 15.2, "再服务 1 分钟计 0.5 小时。", id="15 min: 1 more for 0.5 h"),
        pytest.param(-60, 3, 16.2, "再服务 30 分钟计 1 小时。", id="16 min: 30 more for 1 h"),
        pytest.param(-60, 3, 50.2, "再服务 26 分钟计 1.5 小时。", id="50 min: 26 more for 1.5 h"),
        pytest.param(
            -120,
            2.2,
            119.2,
            "活动 {end} 结束，到那时本次计 2 小时，不再增加。",
            id="the end comes before the next step",
        ),
        pytest.param(
            -180,
            2.9,
            180.2,
            "活动已于 {end} 结束，之后的时间不再计入。",
            id="after the end nothing more counts",
        ),
        pytest.param(
            10,
            3,
            0.2,
            "活动 {start} 开始，开始前的时间不计入。再服务 26 分钟计 0.5 小时。",
            id="before the start",
        ),
    ],
)
def test_the_sign_in_page_says_when_the_next_half_hour_counts(
    app, client, db, org, make_activity, volunteer, login_as, starts_in, hours, minutes_ago, says
):
    activity = make_activity(
        org["a"], starts_at=utc_now() + timedelta(minutes=starts_in), hours=hours
    )
    signed_in(db, volunteer, activity, minutes_ago=minutes_ago)
    login_as(volunteer)

    page = client.get(ticket_path(client, code_of(app, activity))).get_data(as_text=True)

    line = re.search(r'<p class="checkin-next" data-next-credit>(.*?)</p>', page, re.S)[1]
    expected = says.format(start=local_clock(activity.starts_at), end=local_clock(activity.ends_at))
    assert " ".join(line.split()) == expected
