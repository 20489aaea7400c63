"""The 时长规则 page states the configured settings and examples the rules compute, so changing a
setting changes the page; it is linked where people meet the rules."""

from __future__ import annotations

import re

import pytest
from checkin_world import code_of, ticket_path, volunteer_fixture  # noqa: F401

from volunteer.auth.models import Role


def text_of(response) -> str:
    """The page's words with the markup and runs of white space taken out."""
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def test_the_page_states_the_default_settings_and_examples(client):
    page = text_of(client.get("/rules"))

    for said in (
        "活动开始前 60 分钟起可以签到",
        "活动结束后 120 分钟内仍可签退",
        "活动 09:00–11:00：08:00 起可以签到，签退到 13:00 为止",
        "签到 08:50，签退 11:20 → 按 09:00–11:00 计 2 小时 → 计 2 小时",
        "15 分钟及以下不计，15 分钟以上、45 分钟及以下计 0.5 小时，45 分钟以上计 1 小时",
        "2 小时 15 分钟 2 小时",
        "2 小时 16 分钟 2.5 小时",
        "2 小时 45 分钟 2.5 小时",
        "2 小时 46 分钟 3 小时",
        "到 09:15 已服务 15 分钟，目前计 0 小时；签到页显示“再服务 1 分钟计 0.5 小时”",
        "同一活动每人每天最多签到 3 次",
        "两次各 40 分钟，计 0.5 + 0.5 = 1 小时",
        "签到后 10 分钟内签退，系统会先请您确认",
        "连同本次不超过 8 小时的，直接通过",
        "使当日已通过时长超过 12 小时的那一条，只有系统管理员能通过",
        "活动 11:00 结束，到 13:00 仍未签退 → 待审核，计 0 小时",
        "活动结束前 30 分钟起，负责人可以为仍在签到中的人全部签退",
        "每条记录属于签到的那一天（中国（上海）时间）",
    ):
        assert said in page, said


def test_the_long_day_example_is_decided_by_the_review_rules(client):
    page = text_of(client.get("/rules"))
    # Three sessions signed out in turn: the day's claimed hours decide who approves each.
    assert "服务 A，5 小时：当日已申报 0 + 5 = 5 小时 → 直接通过" in page
    assert "服务 B，4 小时：当日已申报 5 + 4 = 9 小时 → 需单位管理员审核" in page
    assert "服务 C，4 小时：当日已申报 9 + 4 = 13 小时 → 需管理员审核" in page


@pytest.mark.app_config(
    SIGN_IN_OPENS_MINUTES_BEFORE=30,
    SIGN_OUT_CLOSES_MINUTES_AFTER=60,
    MAX_SESSIONS_PER_ACTIVITY_PER_DAY=2,
    DAILY_MANAGER_REVIEW_HOURS=10,
    DAILY_ADMIN_REVIEW_HOURS=14,
)
def test_changing_the_settings_changes_the_page(client):
    page = text_of(client.get("/rules"))

    assert "活动开始前 30 分钟起可以签到" in page and "活动开始前 60 分钟" not in page
    assert "活动 09:00–11:00：08:30 起可以签到，签退到 12:00 为止" in page
    assert "活动结束后 60 分钟内仍可签退" in page
    assert "同一活动每人每天最多签到 2 次" in page
    assert "连同本次不超过 10 小时的，直接通过" in page and "超过 8 小时" not in page
    assert "超过 14 小时的那一条" in page
    assert "服务 A，7 小时：当日已申报 0 + 7 = 7 小时 → 直接通过" in page
    assert "服务 B，4 小时：当日已申报 7 + 4 = 11 小时 → 需单位管理员审核" in page
    assert "服务 C，4 小时：当日已申报 11 + 4 = 15 小时 → 需管理员审核" in page


def test_anyone_may_read_it_and_it_is_linked_where_the_rules_are_met(
    app, client, db, org, make_activity, make_account, volunteer, login_as
):
    assert client.get("/rules").status_code == 200  # before logging in, too
    login_as(volunteer)
    ticket = client.get(ticket_path(client, code_of(app, make_activity(org["a"]))))
    assert 'href="/rules"' in ticket.get_data(as_text=True)
    assert 'href="/rules"' in client.get("/me/records").get_data(as_text=True)

    manager = app.test_client()
    manager.post(
        "/login",
        data={
            "identifier": make_account("mgr", Role.MANAGER, org["a"]).username,
            "password": "correct-horse-9",
        },
    )
    assert 'href="/rules#daily"' in manager.get("/records/review").get_data(as_text=True)
