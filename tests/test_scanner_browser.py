"""The scanner page in a real headless Chromium: the local decoder loads and reads a personal
code, and (there being no camera) the search fallback signs a volunteer in end to end."""

import base64

import pytest
from browser import console_errors, log_in
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from volunteer.auth.models import Role
from volunteer.clock import utc_now
from volunteer.records.models import RecordSource, ServiceRecord
from volunteer.registration.qr import svg_qr_code
from volunteer.scanner.services import codes

pytestmark = pytest.mark.browser


def test_vendor_decoder_is_served_from_our_own_static_folder(client):
    for name, kind in (("barcode-detector.js", "javascript"), ("zxing_reader.wasm", "wasm")):
        response = client.get(f"/static/vendor/{name}")
        status, content_type = response.status_code, response.content_type
        response.close()
        assert status == 200, f"/static/vendor/{name}: HTTP {status}; run `make assets` first"
        assert kind in content_type


def test_scanner_decodes_a_code_and_signs_in_through_search(
    server, browser, db, org, make_account, make_volunteer, make_activity, tmp_path
):
    coordinator = make_account("coord-a", Role.COORDINATOR, org["a"], display_name="陈协调")
    volunteer = make_volunteer(org["a1"], "王小明", phone="13912345678")
    activity = make_activity(org["a"], "社区义诊")
    code = codes.phone_code_for(volunteer)
    db.session.commit()
    token = codes.phone_token(code, utc_now())

    log_in(browser, server, coordinator.username)
    browser.get(f"{server}/activities/{activity.id}/scanner")
    scanner = browser.find_element(By.CSS_SELECTOR, ".scanner")
    WebDriverWait(browser, 20).until(lambda b: scanner.get_attribute("data-decoder"))
    assert scanner.get_attribute("data-decoder") == "ready"
    # No camera in a headless browser: the page says so and keeps the search usable.
    note = browser.find_element(By.CSS_SELECTOR, ".scanner-camera-note")
    WebDriverWait(browser, 10).until(lambda b: "摄像头" in note.text and "正在" not in note.text)

    # The decoder the page loaded (our local wasm, no CDN) reads a personal code.
    image = "data:image/svg+xml;base64," + base64.b64encode(svg_qr_code(token)).decode()
    decoded = browser.execute_async_script(
        """
        const [src, done] = arguments;
        const img = new Image();
        img.onload = async () => {
          const canvas = document.createElement("canvas");
          canvas.width = canvas.height = 400;
          canvas.getContext("2d").drawImage(img, 0, 0, 400, 400);
          const detector = new BarcodeDetectionAPI.BarcodeDetector({ formats: ["qr_code"] });
          const codes = await detector.detect(canvas);
          done(codes.map((c) => c.rawValue));
        };
        img.src = src;
        """,
        image,
    )
    assert decoded == [token]

    browser.find_element(By.NAME, "q").send_keys("王小")
    browser.find_element(By.CSS_SELECTOR, ".scanner-search button").click()
    button = WebDriverWait(browser, 10).until(
        lambda b: b.find_element(By.CSS_SELECTOR, ".scanner-results button")
    )
    results = browser.find_element(By.CSS_SELECTOR, ".scanner-results").text
    assert "王小明" in results and "139****5678" in results
    button.click()
    result = browser.find_element(By.CSS_SELECTOR, ".scan-result")
    WebDriverWait(browser, 10).until(lambda b: "签到成功" in result.text)
    assert "scan-signed_in" in result.get_attribute("class")
    assert "签到成功" in browser.find_element(By.CSS_SELECTOR, ".scan-log").text
    browser.save_screenshot(str(tmp_path / "scanner.png"))

    assert browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth + 1"
    )
    assert console_errors(browser) == []
    db.session.expire_all()
    (record,) = db.session.scalars(select(ServiceRecord))
    assert record.source == RecordSource.COORDINATOR_ENTRY
    assert record.recorded_by_id == coordinator.id


def test_my_code_page_fits_a_phone_and_refreshes_without_errors(
    server, browser, db, org, make_volunteer, tmp_path
):
    volunteer = make_volunteer(org["a1"], "王小明")
    log_in(browser, server, volunteer.username)
    browser.get(f"{server}/me/code")
    image = browser.find_element(By.CSS_SELECTOR, ".my-code-qr")
    first = image.get_attribute("src")
    # Coming back to the page (an unlocked phone) fetches a fresh code at once.
    browser.execute_script("document.dispatchEvent(new Event('visibilitychange'));")
    WebDriverWait(browser, 10).until(
        lambda b: "秒后自动更新" in b.find_element(By.CSS_SELECTOR, ".my-code-countdown").text
    )
    browser.save_screenshot(str(tmp_path / "my_code.png"))
    assert first.startswith("data:image/svg+xml;base64,")
    assert browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth + 1"
    )
    assert console_errors(browser) == []


def test_badge_sheet_renders_for_a_manager(
    server, browser, db, org, make_account, make_volunteer, tmp_path
):
    manager = make_account("mgr-a", Role.MANAGER, org["a"])
    volunteers = [make_volunteer(org["a1"], name) for name in ("王小明", "欧阳娜娜", "李雷")]
    badges = codes.issue_badges(accounts=volunteers, by=manager)
    db.session.commit()
    log_in(browser, server, manager.username)
    browser.get(f"{server}/units/{org['a'].id}/badges")
    browser.save_screenshot(str(tmp_path / "badges.png"))
    query = "&".join(f"code={badge.id}" for badge in badges)
    browser.get(f"{server}/units/{org['a'].id}/badges/print?{query}")
    assert len(browser.find_elements(By.CSS_SELECTOR, ".volunteer-badge")) == 3
    browser.save_screenshot(str(tmp_path / "badges_print.png"))
    assert console_errors(browser) == []


@pytest.mark.app_config(RATELIMIT_ENABLED=True, SEARCH_RATE_LIMIT="1 per minute")
def test_scanner_says_when_the_searches_are_used_up(
    server, browser, db, org, make_account, make_volunteer, make_activity
):
    coordinator = make_account("coord-a", Role.COORDINATOR, org["a"])
    make_volunteer(org["a1"], "王小明")
    activity = make_activity(org["a"], "社区义诊")

    log_in(browser, server, coordinator.username)
    browser.get(f"{server}/activities/{activity.id}/scanner")
    box = browser.find_element(By.NAME, "q")
    note = browser.find_element(By.CSS_SELECTOR, ".scanner-search-note")
    box.send_keys("王小明")
    browser.find_element(By.CSS_SELECTOR, ".scanner-search button").click()
    WebDriverWait(browser, 10).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, ".scanner-results button")
    )

    browser.find_element(By.CSS_SELECTOR, ".scanner-search button").click()
    WebDriverWait(browser, 10).until(lambda b: "查找太频繁" in note.text)
    assert browser.find_elements(By.CSS_SELECTOR, ".scanner-results li") == []
