"""The volunteer's home, their records and the review queue in a real headless Chromium."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from browser import fits_the_screen, log_in
from conftest import local_time
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from volunteer.auth.models import Role
from volunteer.clock import utc_now
from volunteer.records.models import RecordSource
from volunteer.records.services import entries, sessions

pytestmark = pytest.mark.browser


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where screenshots go: RECORDS_SCREENSHOTS to keep them, else the test's tmp dir."""
    folder = Path(os.environ.get("RECORDS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def served(db, org, make_volunteer, make_activity, make_account):
    """A volunteer with approved hours this year and make-ups waiting for review."""
    volunteer = make_volunteer(org["a1"], "李四")
    colleague = make_volunteer(org["a1"], "王五")
    coordinator = make_account("coord", Role.COORDINATOR, org["a"])
    start = utc_now().replace(second=0, microsecond=0) - timedelta(days=2)
    today = make_activity(org["a"], "门诊导诊志愿服务", starts_at=start, hours=6)
    sessions.record_sign_in(
        account=volunteer, activity=today, source=RecordSource.SELF_SCAN, at=start
    )
    sessions.record_sign_out(account=volunteer, activity=today, at=start + timedelta(hours=5))
    for person, day in ((volunteer, 10), (colleague, 11)):
        begin = local_time(2026, 11, day, 9, 0)
        activity = make_activity(org["a"], "社区健康宣教", starts_at=begin, hours=3)
        entries.enter_make_up(
            account=person,
            activity=activity,
            begin=begin,
            end=begin + timedelta(hours=2, minutes=30),
            reason="手机没电，未能扫码",
            evidence_note="负责人签字的纸质签到表",
            by=coordinator,
        )
    db.session.commit()
    return volunteer


def test_volunteer_home_and_records_fit_a_phone(server, browser, served, shots):
    log_in(browser, server, served.username)
    browser.get(f"{server}/me")
    assert "5 / 48" in browser.find_element(By.CSS_SELECTOR, ".hours-headline").text
    assert fits_the_screen(browser)
    browser.save_screenshot(str(shots / "me-phone.png"))

    browser.get(f"{server}/me/records?year={local_time(2026, 1, 1, 0, 0).year}")
    assert fits_the_screen(browser)
    browser.save_screenshot(str(shots / "my-records-phone.png"))


def test_review_queue_selects_a_persons_records_and_approves_them(
    server, browser, served, org, make_account, shots
):
    manager = make_account("mgr", Role.MANAGER, org["a"])
    log_in(browser, server, manager.username)
    browser.get(f"{server}/records/review")
    assert fits_the_screen(browser)
    browser.save_screenshot(str(shots / "review-phone.png"))
    browser.set_window_size(1280, 900)
    browser.save_screenshot(str(shots / "review-desktop.png"))

    first_person = browser.find_element(By.CSS_SELECTOR, "[data-select-group]")
    first_person.click()
    group = first_person.get_attribute("data-select-group")
    boxes = browser.find_elements(By.CSS_SELECTOR, f'input[data-group="{group}"]')
    assert boxes and all(box.is_selected() for box in boxes)
    browser.find_element(By.CSS_SELECTOR, ".review-actions .btn-primary").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".flash"))
    assert "已审核通过 1 条记录" in browser.find_element(By.CSS_SELECTOR, ".flash").text
