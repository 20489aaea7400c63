"""Activity pages in a real headless Chromium: a volunteer's phone and an organiser's desk."""

from __future__ import annotations

from datetime import timedelta

import pytest
from activities_world import (  # noqa: F401 - fixtures shared with the service tests
    category_fixture,
    schedule_fixture,
    volunteer_fixture,
)
from browser import fits_the_screen, log_in
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from volunteer.activities.models import TeamKind
from volunteer.auth.models import Role
from volunteer.clock import utc_now
from volunteer.teams import services as team_services

pytestmark = pytest.mark.browser


def test_volunteer_signs_up_on_a_phone(server, browser, db, org, schedule, volunteer, tmp_path):
    schedule(title="社区义诊：测血压、测血糖、健康咨询", capacity=20, signup_required=True)
    schedule(title="无偿献血引导", capacity=1, unit=org["b1"], starts_at=utc_now() + timedelta(1))
    person = volunteer(org["a1"], "李雷")
    log_in(browser, server, person.username)

    browser.get(f"{server}/activities/upcoming")
    assert fits_the_screen(browser)
    browser.save_screenshot(str(tmp_path / "browse-phone.png"))
    browser.find_elements(By.CSS_SELECTOR, ".signup-form button")[0].click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".flash"))
    assert "报名成功" in browser.find_element(By.CSS_SELECTOR, ".flash").text

    browser.get(f"{server}/my/activities")
    assert fits_the_screen(browser) and "已报名" in browser.page_source
    browser.save_screenshot(str(tmp_path / "mine-phone.png"))


def test_organiser_pages_fit_a_phone_and_a_desk(
    server, browser, db, org, make_account, schedule, volunteer, tmp_path
):
    make_account("coord", Role.COORDINATOR, org["a"])
    team = team_services.create_team(
        name="第一医院应急医疗队",
        kind=TeamKind.EMERGENCY_MEDICAL,
        unit=org["a"],
        description=None,
        by=None,
    )
    for name, skills in (("张医生", "心肺复苏、气管插管"), ("王护士", "创伤包扎")):
        team_services.add_team_member(
            team=team,
            account=volunteer(org["a1"], name),
            is_leader=name == "张医生",
            skills=skills,
            by=None,
        )
    db.session.commit()
    activity = schedule(title="急救知识进校园", capacity=30, team=team)
    log_in(browser, server, "coord")

    pages = {
        "detail": f"/activities/{activity.id}",
        "new": "/activities/new",
        "index": "/activities",
        "team": f"/teams/{team.id}",
        "callout": f"/teams/{team.id}/callout",
    }
    for size, (width, height) in {"phone": (390, 844), "desk": (1280, 900)}.items():
        browser.set_window_size(width, height)
        for name, path in pages.items():
            browser.get(server + path)
            assert "服务器出错" not in browser.page_source
            if name not in ("index", "team"):  # wide tables scroll inside their own box
                assert fits_the_screen(browser), f"{name} overflows at {width}px"
            browser.save_screenshot(str(tmp_path / f"{name}-{size}.png"))
    assert "tel:" in browser.page_source
