"""Withdrawing a sign-up asks first, saying what it gives up; only the confirmed POST withdraws."""

from __future__ import annotations

import re

import pytest
from activities_world import (  # noqa: F401 - fixtures shared with the other activity tests
    audit_actions,
    category_fixture,
    schedule_fixture,
    volunteer_fixture,
)

from volunteer.activities import services
from volunteer.activities.models import Signup, SignupStatus


def status_of(db, signup: Signup) -> SignupStatus:
    db.session.expire_all()
    return db.session.get(Signup, signup.id).status


@pytest.fixture(name="full")
def full_fixture(db, org, schedule, volunteer):
    """A one-place activity that needs a sign-up: 甲 holds the place, 乙 waits for it."""
    activity = schedule(capacity=1, title="献血点引导", signup_required=True)
    first, second = volunteer(org["a1"], "甲"), volunteer(org["a1"], "乙")
    held = services.sign_up(activity=activity, account=first)
    waiting = services.sign_up(activity=activity, account=second)
    db.session.commit()
    return {
        "activity": activity,
        "first": first,
        "second": second,
        "held": held,
        "waiting": waiting,
    }


def test_withdrawing_a_place_first_says_what_it_gives_up(client, db, full, login_as):
    login_as(full["first"])
    url = f"/activities/{full['activity'].id}/withdraw"

    page = client.post(url, data={"back": "mine"})

    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "确定取消报名吗？" in text
    assert "您的名额会立即让给候补第 1 位的人（现有 1 人候补）" in text
    assert "名额已满时只能排在候补名单最后" in text and "取消后不能到现场签到" in text
    assert 'name="confirm" value="1"' in text and 'name="back" value="mine"' in text
    assert 'href="/my/activities"' in text  # 保留报名 goes back where the button was
    assert status_of(db, full["held"]) == SignupStatus.CONFIRMED
    assert "signup.withdraw" not in audit_actions(db, "signup")

    done = client.post(url, data={"back": "mine", "confirm": "1"})

    assert done.headers["Location"].endswith("/my/activities")
    assert status_of(db, full["held"]) == SignupStatus.CANCELLED
    assert status_of(db, full["waiting"]) == SignupStatus.CONFIRMED


def test_leaving_the_waiting_list_says_the_place_in_line_is_lost(client, db, full, login_as):
    login_as(full["second"])
    url = f"/activities/{full['activity'].id}/withdraw"

    text = client.post(url).get_data(as_text=True)

    assert "确定退出候补吗？" in text and "（第 1 位）不再保留" in text and "确定退出候补" in text
    assert status_of(db, full["waiting"]) == SignupStatus.WAITLISTED
    client.post(url, data={"confirm": "1"})
    assert status_of(db, full["waiting"]) == SignupStatus.CANCELLED


def test_nothing_to_withdraw_is_refused_without_a_confirmation(
    client, db, org, schedule, volunteer, login_as
):
    activity = schedule()
    login_as(volunteer(org["a1"]))
    page = client.post(f"/activities/{activity.id}/withdraw", follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "您没有报名该活动" in text and "确定取消报名吗？" not in text


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_the_confirmation_keeps_the_csrf_token(client, db, full, login_as):
    token = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
    login_page = client.get("/login").get_data(as_text=True)
    client.post(
        "/login",
        data={
            "identifier": full["first"].username,
            "password": "correct-horse-9",
            "csrf_token": token.search(login_page)[1],
        },
    )
    detail = client.get(f"/activities/{full['activity'].id}").get_data(as_text=True)
    url = f"/activities/{full['activity'].id}/withdraw"

    assert client.post(url, data={"confirm": "1"}).status_code == 400
    page = client.post(url, data={"csrf_token": token.search(detail)[1]}).get_data(as_text=True)
    client.post(url, data={"confirm": "1", "csrf_token": token.search(page)[1]})

    assert status_of(db, full["held"]) == SignupStatus.CANCELLED
