"""The yearly targets pages: the index lists every stored year, and this year and next as
defaults until set; only an administrator of the root may see or set a year, through a form
prefilled with the year in force that reads full-width digits, explains bad input in Chinese,
carries a CSRF token and leaves an audit entry; and the volunteer's own page measures against
the stored target."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from conftest import PASSWORD
from targets_world import (  # noqa: F401 - the fixtures are used by name
    admin_fixture,
    audit_entries,
    this_year_fixture,
)

from volunteer.auth.models import Role
from volunteer.targets.queries import target_for
from volunteer.targets.services import set_target

CSRF_FIELD = r'name="csrf_token" type="hidden" value="([^"]+)"'


@pytest.fixture
def as_admin(admin, login_as):
    login_as(admin)
    return admin


def page(response) -> str:
    return response.get_data(as_text=True)


def form(percent="95", hours="60", document="市卫健委〔2026〕12号", reason="") -> dict:
    return {
        "registration_percent": percent,
        "hours_per_person": hours,
        "document": document,
        "reason": reason,
    }


# --- The pages --------------------------------------------------------------------------------


def test_index_lists_this_year_and_next_as_defaults_when_nothing_is_stored(
    client, as_admin, this_year
):
    html = page(client.get("/targets"))

    assert str(this_year) in html and str(this_year + 1) in html
    assert html.count(">默认</span>") == 2
    assert html.count("100%") == 2 and html.count("48 小时") == 2
    assert f"/targets/{this_year + 1}" in html


def test_index_lists_every_stored_year_with_its_document_and_last_change(
    client, db, as_admin, this_year
):
    set_target(
        this_year - 3,
        registration_rate=Decimal("0.8"),
        hours_per_person=Decimal("40.5"),
        document="市卫健委〔2023〕5号",
        by=as_admin,
    )
    db.session.commit()

    html = page(client.get("/targets"))

    assert str(this_year - 3) in html
    assert "80%" in html and "40.5 小时" in html and "市卫健委〔2023〕5号" in html
    assert "委管理员" in html
    assert html.count(">默认</span>") == 2  # this year and next are still unset


def test_admin_sets_a_year_through_the_form(client, db, as_admin, this_year):
    response = client.post(f"/targets/{this_year}", data=form(reason="新文件"))

    assert response.status_code == 302 and response.headers["Location"].endswith("/targets")
    html = page(client.get("/targets"))
    assert f"已保存 {this_year} 年的目标" in html
    assert "95%" in html and "60 小时" in html and "市卫健委〔2026〕12号" in html
    target = target_for(this_year)
    assert (target.registration_rate, target.hours_per_person) == (Decimal("0.95"), 60)
    [entry] = audit_entries(db)
    assert entry.actor_id == as_admin.id and entry.reason == "新文件"


def test_the_form_is_prefilled_with_the_year_in_force(client, db, as_admin, this_year):
    html = page(client.get(f"/targets/{this_year}"))
    assert 'value="100"' in html and 'value="48"' in html and "默认值" in html

    client.post(f"/targets/{this_year}", data=form(percent="99.5", hours="52.5"))
    html = page(client.get(f"/targets/{this_year}"))
    assert 'value="99.5"' in html and 'value="52.5"' in html
    assert 'value="市卫健委〔2026〕12号"' in html


def test_full_width_digits_and_a_percent_sign_are_understood(client, as_admin, this_year):
    client.post(f"/targets/{this_year}", data=form(percent="９５％", hours="６０"))

    target = target_for(this_year)
    assert (target.registration_rate, target.hours_per_person) == (Decimal("0.95"), 60)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"percent": "abc"}, "请填写数字，例如 100 或 99.5。"),
        ({"percent": ""}, "请填写注册率目标。"),
        ({"percent": "0"}, "注册率目标须在 1 到 100 之间。"),
        ({"percent": "101"}, "注册率目标须在 1 到 100 之间。"),
        ({"percent": "99.55"}, "最多保留一位小数。"),
        ({"hours": ""}, "请填写人均时长目标。"),
        ({"hours": "0.4"}, "人均时长目标须在 0.5 到 2000 小时之间。"),
        ({"hours": "1e40"}, "人均时长目标须在 0.5 到 2000 小时之间。"),
        ({"hours": "NaN"}, "请填写数字，例如 100 或 99.5。"),
        ({"document": "文" * 201}, "文件名称或文号不能超过 200 个字。"),
    ],
)
def test_bad_input_is_explained_in_chinese_and_nothing_is_written(
    client, db, as_admin, this_year, fields, message
):
    response = client.post(f"/targets/{this_year}", data=form(**fields))

    assert response.status_code == 200
    assert message in page(response)
    assert target_for(this_year).stored is False
    assert audit_entries(db) == []


def test_a_year_outside_the_editable_range_is_not_found(client, as_admin, this_year):
    assert client.get(f"/targets/{this_year + 2}").status_code == 404
    assert client.get("/targets/1999").status_code == 404


@pytest.mark.parametrize(("role", "unit"), [(Role.ADMIN, "a"), (Role.MANAGER, "root")])
def test_only_an_administrator_of_the_root_may_see_or_set_targets(
    client, db, org, make_account, login_as, this_year, role, unit
):
    login_as(make_account("someone", role, org[unit]))

    assert client.get("/targets").status_code == 403
    assert client.get(f"/targets/{this_year}").status_code == 403
    assert client.post(f"/targets/{this_year}", data=form()).status_code == 403
    assert target_for(this_year).stored is False


def test_anonymous_visitors_are_sent_to_log_in(client, app, this_year):
    response = client.get(f"/targets/{this_year}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_the_form_carries_a_csrf_token_and_refuses_a_post_without_one(client, admin, this_year):
    token = re.search(CSRF_FIELD, page(client.get("/login"))).group(1)
    client.post(
        "/login",
        data={"identifier": admin.username, "password": PASSWORD, "csrf_token": token},
    )
    assert re.search(CSRF_FIELD, page(client.get(f"/targets/{this_year}")))

    assert client.post(f"/targets/{this_year}", data=form()).status_code == 400
    assert target_for(this_year).stored is False


def test_target_changes_appear_in_the_administrators_audit_log(client, as_admin, this_year):
    client.post(f"/targets/{this_year}", data=form(reason="新文件"))

    html = page(client.get("/audit"))
    assert "设置年度目标" in html and "新文件" in html


# --- Where volunteers see the target ------------------------------------------------------------


def test_the_volunteers_page_measures_against_the_stored_target(
    client, db, org, admin, make_volunteer, login_as, this_year
):
    set_target(
        this_year,
        registration_rate=Decimal("1"),
        hours_per_person=Decimal("60"),
        document=None,
        by=admin,
    )
    db.session.commit()
    login_as(make_volunteer(org["a1"], "李四"))

    html = page(client.get("/me"))

    assert "<b>0</b> / 60" in html and "/ 48" not in html
    assert "距年度目标还差 60 小时" in html
