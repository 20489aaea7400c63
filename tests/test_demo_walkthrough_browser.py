"""The README's demo walk-through, one login at a time, in a real browser, on a later day than
the one the demo was loaded: `make run` starts again and finds everything the README says."""

from datetime import date

import pytest
from browser import (
    click_and_wait,
    console_errors,
    fits_the_screen,
    live_server,
    log_in,
    main_text,
)
from demo_world import TWO_DAYS_AGO, demo_template, skip_unless_loaded_on_postgres, use_demo
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from volunteer.auth.models import Account
from volunteer.clock import local_today
from volunteer.demo.logins import DEMO_PASSWORD
from volunteer.progress.queries.units import progress_with_children
from volunteer.progress.queries.years import measure_for
from volunteer.records.models import RecordSource, RecordStatus, ServiceRecord
from volunteer.units.models import Unit

pytestmark = pytest.mark.browser

DESKTOP, PHONE = (1366, 900), (390, 844)


@pytest.fixture(scope="module")
def earlier(migrated_database, tmp_path_factory):
    return demo_template(migrated_database, tmp_path_factory.mktemp("walkthrough"), TWO_DAYS_AGO)


@pytest.fixture
def demo(request, app, db, runner, earlier):
    """The demo loaded two days ago, and `make run` today (it runs `demo-data` every time)."""
    skip_unless_loaded_on_postgres(request)
    use_demo(app, earlier, TWO_DAYS_AGO)
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def server(app, demo):
    yield from live_server(app)


def follow(browser, link_text: str) -> None:
    """Click a link the page shows, as a person would, and wait for the next page."""
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, link_text))


def pace_by_row(browser) -> dict[str, str]:
    """The progress table's units and their pace badges, as shown."""
    return {
        row.find_element(By.CSS_SELECTOR, "th").text: row.find_element(
            By.CSS_SELECTOR, ".pace"
        ).text
        for row in browser.find_elements(By.CSS_SELECTOR, ".progress-table tbody tr")
    }


def decode_qr(browser, image: str) -> str:
    """Read a QR code image with the decoder the scanner page loads (our own wasm)."""
    return browser.execute_async_script(
        """
        const [src, done] = arguments;
        const img = new Image();
        img.onload = async () => {
          const canvas = document.createElement("canvas");
          canvas.width = canvas.height = 600;
          canvas.getContext("2d").drawImage(img, 0, 0, 600, 600);
          const detector = new BarcodeDetectionAPI.BarcodeDetector({ formats: ["qr_code"] });
          const codes = await detector.detect(canvas);
          done(codes.length ? codes[0].rawValue : null);
        };
        img.src = src;
        """,
        image,
    )


# No fixed SERVER_NAME: the code holds the address the screen was opened at, as on a real machine.
@pytest.mark.app_config(SERVER_NAME=None)
def test_each_login_finds_what_the_readme_says_on_a_later_day(server, browser, db, demo, tmp_path):
    # 1. coordinator: 活动管理 → the activity running now → 签到屏幕.
    browser.set_window_size(*DESKTOP)
    log_in(browser, server, "coordinator", DEMO_PASSWORD)
    follow(browser, "活动管理")
    assert "急诊科志愿服务值班" in demo
    follow(browser, "急诊科志愿服务值班")
    activity_url = browser.current_url
    follow(browser, "签到屏幕")
    WebDriverWait(browser, 10).until(
        lambda b: b.find_element(By.CSS_SELECTOR, ".screen-qr").get_attribute("src")
    )
    screen = main_text(browser)
    assert "急诊科志愿服务值班" in screen and "每 30 秒更新" in screen
    assert browser.find_element(By.CSS_SELECTOR, "[data-count=signed_in]").text == "5"
    assert browser.find_elements(By.CSS_SELECTOR, ".screen-code a") == []  # no link under it
    code = browser.find_element(By.CSS_SELECTOR, ".screen-qr").get_attribute("src")
    browser.save_screenshot(str(tmp_path / "1-screen.png"))
    assert console_errors(browser) == []

    # 2. 010001 scans the code with a phone, logs in with the staff number and signs in. The
    # decoder of 扫码签到 (the page the README offers without a phone) reads the screen's code.
    browser.get(f"{activity_url}/scanner")
    scanner = browser.find_element(By.CSS_SELECTOR, ".scanner")
    WebDriverWait(browser, 20).until(lambda b: scanner.get_attribute("data-decoder") == "ready")
    scanned = decode_qr(browser, code)
    assert scanned.lower().startswith(f"{server}/s/")  # capitals keep the code short
    browser.delete_all_cookies()  # the phone is another device
    browser.set_window_size(*PHONE)
    browser.get(scanned)
    WebDriverWait(browser, 10).until(lambda b: "/login" in b.current_url)
    browser.find_element(By.NAME, "identifier").send_keys("010001")
    browser.find_element(By.NAME, "password").send_keys(DEMO_PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: "/checkin/" in b.current_url)
    assert "急诊科志愿服务值班" in browser.find_element(By.TAG_NAME, "h1").text
    browser.find_element(By.CSS_SELECTOR, ".checkin-button").click()
    WebDriverWait(browser, 10).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, "[data-checkin-state=signed-in]")
    )
    assert "签到成功" in main_text(browser) and fits_the_screen(browser)
    browser.save_screenshot(str(tmp_path / "2-signed-in.png"))
    assert console_errors(browser) == []
    db.session.expire_all()
    volunteer = db.session.scalars(db.select(Account).where(Account.username == "010001")).one()
    record = db.session.scalars(
        db.select(ServiceRecord).where(
            ServiceRecord.account_id == volunteer.id, ServiceRecord.status == RecordStatus.OPEN
        )
    ).one()
    assert record.activity.title == "急诊科志愿服务值班"
    assert record.source == RecordSource.SELF_SCAN

    # 3. manager: 完成情况 against the pace, people at the target; 时长审核 holds what waits.
    browser.delete_all_cookies()
    browser.set_window_size(*DESKTOP)
    log_in(browser, server, "manager", DEMO_PASSWORD)
    follow(browser, "完成情况")
    assert "示范市第一人民医院" in browser.find_element(By.TAG_NAME, "h1").text
    paces = set(pace_by_row(browser).values())
    assert "进度正常" in paces and paces & {"存在风险", "进度滞后"}
    shown = int(
        browser.find_element(By.XPATH, "//div[span[@class='stat-label']='达到目标的人数']/b").text
    )
    hospital = db.session.scalars(db.select(Unit).where(Unit.code == "SY01")).one()
    total, _ = progress_with_children(hospital, measure_for(local_today().year))
    assert shown == total.meeting_target
    if local_today() >= date(local_today().year, 5, 1):
        assert shown > 0  # "the keenest get there in spring"
    browser.save_screenshot(str(tmp_path / "3-progress.png"))
    assert console_errors(browser) == []
    follow(browser, "时长审核")
    waiting = main_text(browser)
    assert "未签退" in waiting and "补录" in waiting and "当日累计超过8小时" in waiting

    # 4. admin: 单位 shows the organisation; 完成情况 compares its three hospitals and centres.
    browser.delete_all_cookies()
    log_in(browser, server, "admin", DEMO_PASSWORD)
    follow(browser, "单位")
    units = main_text(browser)
    for name in (
        "示范市卫生健康委员会",
        "示范市第一人民医院",
        "示范市中医院",
        "示范市疾病预防控制中心",
    ):
        assert name in units
    follow(browser, "完成情况")
    assert pace_by_row(browser) == {
        "示范市疾病预防控制中心": "进度滞后",
        "示范市第一人民医院": "进度正常",
        "示范市中医院": "存在风险",
    }
    browser.save_screenshot(str(tmp_path / "4-organisation.png"))
    assert console_errors(browser) == []
