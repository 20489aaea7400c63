"""The confirmation pages and the rules page in a real browser, at a phone's and a desktop's width:
each fits the screen, and the phone's mistaken sign-out can be taken back."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from activities_world import category_fixture, schedule_fixture  # noqa: F401
from browser import fits_the_screen, log_in
from checkin_world import code_of, records, volunteer_fixture  # noqa: F401
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from volunteer.activities import services as activity_services
from volunteer.auth.models import Role
from volunteer.clock import utc_now
from volunteer.records.models import RecordSource, RecordStatus
from volunteer.records.services import record_sign_in

pytestmark = pytest.mark.browser

WIDTHS = {"phone": 390, "desktop": 1366}


def shoot(browser, tmp_path, name: str) -> None:
    """Check the page fits a phone and a desktop, saving the whole page at each width."""
    for label, width in WIDTHS.items():
        browser.set_window_size(width, 844)
        assert fits_the_screen(browser), f"{name} scrolls sideways at {width} px"
        size = browser.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        shot = browser.execute_cdp_cmd(
            "Page.captureScreenshot",
            {
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": size["height"], "scale": 1},
            },
        )
        (tmp_path / f"{name}-{label}.png").write_bytes(base64.b64decode(shot["data"]))
    browser.set_window_size(WIDTHS["phone"], 844)


def test_a_mistaken_sign_out_is_asked_about_and_can_be_taken_back(
    app, server, browser, db, org, make_activity, volunteer, tmp_path
):
    activity = make_activity(org["a"], "社区义诊")
    record_sign_in(
        account=volunteer,
        activity=activity,
        source=RecordSource.SELF_SCAN,
        at=utc_now() - timedelta(minutes=6, seconds=10),
    )
    db.session.commit()
    log_in(browser, server, volunteer.username)
    browser.get(f"{server}/s/{code_of(app, activity)}")
    WebDriverWait(browser, 10).until(lambda b: "/checkin/" in b.current_url)
    ticket_url = browser.current_url
    assert "再服务" in browser.find_element(By.CSS_SELECTOR, "[data-next-credit]").text
    shoot(browser, tmp_path, "ticket")

    browser.find_element(By.CSS_SELECTOR, ".checkin-button").click()
    WebDriverWait(browser, 10).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, "[data-checkin-state=confirm-sign-out]")
    )
    assert "签到仅 6 分钟，现在签退计 0 小时" in browser.find_element(By.TAG_NAME, "main").text
    shoot(browser, tmp_path, "confirm-sign-out")

    browser.find_element(By.LINK_TEXT, "继续服务").click()
    WebDriverWait(browser, 10).until(lambda b: b.current_url == ticket_url)
    assert records(db)[0].status == RecordStatus.OPEN

    browser.find_element(By.CSS_SELECTOR, ".checkin-button").click()
    WebDriverWait(browser, 10).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, "[data-checkin-state=confirm-sign-out]")
    )
    browser.find_element(By.CSS_SELECTOR, ".checkin-confirm button").click()
    WebDriverWait(browser, 10).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, "[data-checkin-state=signed-out]")
    )
    assert records(db)[0].status == RecordStatus.APPROVED


def test_the_coordinator_confirms_signing_everyone_out(
    server, browser, db, org, make_activity, make_volunteer, make_account, tmp_path
):
    now = utc_now()
    activity = make_activity(org["a"], "健康讲座", starts_at=now - timedelta(hours=2), hours=2)
    for name, minutes in (("张三", 125), ("李四", 70), ("王五", 40)):
        record_sign_in(
            account=make_volunteer(org["a1"], name),
            activity=activity,
            source=RecordSource.SELF_SCAN,
            at=now - timedelta(minutes=minutes),
        )
    db.session.commit()
    log_in(browser, server, make_account("coord-a", Role.COORDINATOR, org["a"]).username)

    browser.get(f"{server}/activities/{activity.id}")
    shoot(browser, tmp_path, "activity")
    browser.find_element(By.PARTIAL_LINK_TEXT, "全部签退（3 人在签到中）").click()
    WebDriverWait(browser, 10).until(lambda b: "sign-out-everyone" in b.current_url)
    shoot(browser, tmp_path, "sign-out-everyone")

    browser.find_element(By.CSS_SELECTOR, ".confirm-actions button").click()
    WebDriverWait(browser, 10).until(lambda b: "已为 3 人签退" in b.page_source)
    assert all(r.status == RecordStatus.APPROVED for r in records(db))


def test_withdrawing_asks_first(server, browser, db, org, schedule, volunteer, tmp_path):
    activity = schedule(capacity=1, title="献血点引导", signup_required=True)
    activity_services.sign_up(activity=activity, account=volunteer)
    db.session.commit()
    log_in(browser, server, volunteer.username)

    browser.get(f"{server}/my/activities")
    browser.find_element(By.CSS_SELECTOR, ".signup-form button").click()
    WebDriverWait(browser, 10).until(lambda b: "确定取消报名吗？" in b.page_source)
    shoot(browser, tmp_path, "withdraw")

    browser.find_element(By.LINK_TEXT, "保留报名").click()
    WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith("/my/activities"))
    assert "献血点引导" in browser.find_element(By.TAG_NAME, "main").text


def test_the_rules_page_reads_on_a_phone_and_a_desktop(server, browser, tmp_path):
    browser.get(f"{server}/rules")
    assert "时长规则" in browser.find_element(By.TAG_NAME, "h1").text
    shoot(browser, tmp_path, "rules")
