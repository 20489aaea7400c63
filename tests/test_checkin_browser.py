"""Scanning in a real browser: a phone in WeChat signs in, and the screen's script keeps up."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from browser import fits_the_screen, log_in
from conftest import PASSWORD
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from volunteer.auth.models import Role
from volunteer.checkin import tokens
from volunteer.clock import utc_now
from volunteer.records.models import RecordSource, ServiceRecord
from volunteer.records.services import record_sign_in

pytestmark = pytest.mark.browser


def test_phone_scans_logs_in_and_signs_in(
    app, server, browser, db, org, make_activity, make_volunteer, tmp_path
):
    activity = make_activity(org["a"], "社区义诊")
    volunteer = make_volunteer(org["a1"], "李四")
    token = tokens.activity_token(
        app.config["SECRET_KEY"], activity.token_key, utc_now(), app.config["QR_ROTATE_SECONDS"]
    )

    browser.get(f"{server}/s/{token}")
    WebDriverWait(browser, 10).until(lambda b: "/login" in b.current_url)
    assert browser.find_element(By.NAME, "remember").is_selected()
    assert "第一次使用" in browser.find_element(By.TAG_NAME, "main").text
    assert fits_the_screen(browser)
    browser.save_screenshot(str(tmp_path / "login.png"))
    browser.find_element(By.NAME, "identifier").send_keys(volunteer.username)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()

    WebDriverWait(browser, 10).until(lambda b: "/checkin/" in b.current_url)
    assert "社区义诊" in browser.find_element(By.TAG_NAME, "h1").text
    button = browser.find_element(By.CSS_SELECTOR, ".checkin-button")
    assert button.text == "签到" and button.size["height"] >= 56
    browser.save_screenshot(str(tmp_path / "ticket.png"))
    button.click()

    WebDriverWait(browser, 10).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, "[data-checkin-state=signed-in]")
    )
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "签到成功" in main and "已于" in main
    assert browser.find_element(By.CSS_SELECTOR, ".checkin-button").text == "签退"
    assert fits_the_screen(browser)
    browser.save_screenshot(str(tmp_path / "signed-in.png"))
    db.session.expire_all()
    [record] = db.session.scalars(db.select(ServiceRecord)).all()
    assert record.source == RecordSource.SELF_SCAN and "MicroMessenger" in record.device


def test_a_link_forwarded_to_another_phone_is_refused_there(
    app, server, browser, db, org, make_activity, make_volunteer, tmp_path
):
    activity = make_activity(org["a"], "社区义诊")
    make_volunteer(org["a1"], "李四")
    friend = make_volunteer(org["a1"], "赵六")
    token = tokens.activity_token(
        app.config["SECRET_KEY"], activity.token_key, utc_now(), app.config["QR_ROTATE_SECONDS"]
    )
    browser.get(f"{server}/s/{token}")
    WebDriverWait(browser, 10).until(lambda b: "/login" in b.current_url)
    forwarded = parse_qs(urlsplit(browser.current_url).query)["next"][0]

    # Another phone: none of this one's cookies.
    browser.delete_all_cookies()
    log_in(browser, server, friend.username)
    browser.get(f"{server}{forwarded}")

    main = browser.find_element(By.TAG_NAME, "main").text
    assert "此签到链接已绑定到扫码的手机，请用自己的手机扫描现场二维码。" in main
    assert not browser.find_elements(By.CSS_SELECTOR, ".checkin-button")
    assert fits_the_screen(browser)
    browser.save_screenshot(str(tmp_path / "forwarded.png"))
    db.session.expire_all()
    assert db.session.scalars(db.select(ServiceRecord)).all() == []


def test_screen_shows_the_code_and_updates_the_counts(
    app, server, browser, db, org, make_activity, make_account, make_volunteer, tmp_path
):
    activity = make_activity(org["a"], "社区义诊", starts_at=utc_now() - timedelta(hours=1))
    make_account("coord", Role.COORDINATOR, org["a"])
    volunteer = make_volunteer(org["a1"], "李四")
    volunteer.display_name = "李四"
    db.session.commit()
    browser.set_window_size(1280, 720)
    browser.get(f"{server}/login")
    browser.find_element(By.NAME, "identifier").send_keys("coord")
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: "/login" not in b.current_url)

    browser.get(f"{server}/activities/{activity.id}/screen")
    qr = browser.find_element(By.CSS_SELECTOR, "[data-qr]")
    assert qr.is_displayed() and qr.get_attribute("src").startswith("data:image/svg+xml")
    assert qr.size["height"] >= 360
    assert browser.find_element(By.CSS_SELECTOR, "[data-count=signed_in]").text == "0"

    record_sign_in(account=volunteer, activity=activity, source=RecordSource.SELF_SCAN)
    db.session.commit()
    WebDriverWait(browser, 10).until(
        lambda b: b.find_element(By.CSS_SELECTOR, "[data-count=signed_in]").text == "1"
    )
    latest = browser.find_element(By.CSS_SELECTOR, "[data-latest]").text
    assert "李*" in latest and "签到" in latest
    assert not browser.find_element(By.CSS_SELECTOR, ".topbar").is_displayed()
    browser.save_screenshot(str(tmp_path / "screen.png"))

    # The network drops: the screen keeps its code and says how long it stays valid.
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0},
    )
    notice = browser.find_element(By.CSS_SELECTOR, "[data-offline]")
    WebDriverWait(browser, 15).until(lambda b: notice.is_displayed())
    left = int(browser.find_element(By.CSS_SELECTOR, "[data-offline-left]").text)
    assert 0 < left <= app.config["QR_ACCEPT_SECONDS"]
    assert "当前二维码还可使用" in notice.text
    assert qr.is_displayed()
    browser.save_screenshot(str(tmp_path / "screen-offline.png"))
