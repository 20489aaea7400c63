"""A coordinator's phone in a real Chromium opens a personal code's link as the camera app would,
logs in (remembered), chooses the activity once and signs the volunteer in with one button."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browser import console_errors, fits_the_screen
from scanner_world import live_fixture, records  # noqa: F401 - the fixture is used by name
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from volunteer.clock import utc_now
from volunteer.records.models import RecordSource
from volunteer.scanner.services import codes

pytestmark = pytest.mark.browser


def test_the_link_of_a_phone_code_signs_the_volunteer_in(app, server, browser, db, live):
    with app.test_request_context():
        link = codes.code_link(codes.phone_token(live["code"], utc_now()))
    # Over plain http (no in-page camera); the link's host is the one the app was reached by.
    browser.get(server + urlsplit(link).path)

    WebDriverWait(browser, 10).until(lambda b: "/login" in b.current_url)
    browser.find_element(By.NAME, "identifier").send_keys(live["coordinator"].username)
    browser.find_element(By.NAME, "password").send_keys("correct-horse-9")
    browser.find_element(By.NAME, "remember").click()
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: "/P/" in b.current_url)
    assert any(cookie["name"] == "remember_token" for cookie in browser.get_cookies())

    main = browser.find_element(By.TAG_NAME, "main")
    assert "王小明" in main.text and "139****5678" in main.text
    browser.find_element(By.CSS_SELECTOR, "[data-choose-activity] button").click()
    WebDriverWait(browser, 10).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, "[data-current-activity]")
    )
    button = browser.find_element(By.CSS_SELECTOR, "[data-checkin-state=signed-out] button")
    assert button.text == "为其签到"
    assert fits_the_screen(browser)
    button.click()
    WebDriverWait(browser, 10).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, "[data-checkin-state=signed-in]")
    )
    assert "签到成功" in browser.find_element(By.TAG_NAME, "main").text
    (record,) = records(db)
    assert record.source == RecordSource.COORDINATOR_SCAN
    assert record.account_id == live["volunteer"].id
    assert console_errors(browser) == []
