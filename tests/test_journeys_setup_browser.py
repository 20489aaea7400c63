"""A year's start in a real Chromium, one person at a time: a manager imports the roster; one of
its staff registers on a phone through the unit's link and the rate moves; a coordinator creates
an activity, and its code, read from a screenshot of the screen, signs the volunteer in and out;
the hours show on their page and on progress; a forgotten sign-out, closed by the product's job,
is resolved from the review queue.

Time is the one thing a live server cannot fast-forward: "later" is a sign-in (and, for the
forgotten sign-out, its activity) moved back in the database, as if that time had passed."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
import zxingcpp
from activities_world import category_fixture  # noqa: F401 - the activity form's category
from browser import click_and_wait, console_errors, fits_the_screen, log_in, main_text
from conftest import PASSWORD
from import_files import STAFF_HEADER, write_xlsx
from PIL import Image
from qr_reading import data_uri_svg, read_svg
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from volunteer.activities.models import Activity
from volunteer.auth.models import Account, Role
from volunteer.clock import local_zone, utc_now
from volunteer.people.models import StaffMember
from volunteer.records.models import RecordSource, RecordStatus, ServiceRecord
from volunteer.records.rules import ReviewReason

pytestmark = pytest.mark.browser

DESKTOP, PHONE = (1366, 900), (390, 844)
ROSTER = [  # 姓名, 工号, 单位编码, 手机号: the hospital's cardiology department
    ("李思远", "A0101", "13800000101"),
    ("周晓雨", "A0102", "13800000102"),
    ("陈建国", "A0103", "13800000103"),
]


def another_device(browser, size: tuple[int, int]) -> None:
    """Hand the browser to the next person: none of the last one's cookies, their screen size."""
    browser.delete_all_cookies()
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.set_window_size(*size)
    if size == PHONE:
        # Headless Chromium keeps windows at least 500px wide: emulate the phone's 390px.
        browser.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True},
        )


def stat(browser, label: str) -> str:
    """A figure on the progress page's cards, by its label."""
    return browser.find_element(
        By.XPATH, f"//div[span[@class='stat-label']='{label}']/b"
    ).text.strip()


def open_progress(browser, url: str) -> None:
    """Open a progress page and wait for its charts' fetches, so none is cut off by leaving."""
    browser.get(url)
    drawn, charts = "canvas[data-chart-drawn]", "canvas[data-chart]"
    WebDriverWait(browser, 10).until(
        lambda b: (
            len(b.find_elements(By.CSS_SELECTOR, drawn))
            == len(b.find_elements(By.CSS_SELECTOR, charts))
        )
    )


def local_input(at) -> str:
    """A moment as a datetime-local input holds it, in the organisation's time zone."""
    return at.astimezone(local_zone()).strftime("%Y-%m-%dT%H:%M")


def set_datetime(browser, name: str, at) -> None:
    # Chromium's datetime-local box takes keys in the machine's locale order; the value a
    # person picks is set directly instead, then the form is submitted by a real click.
    field = browser.find_element(By.NAME, name)
    browser.execute_script("arguments[0].value = arguments[1]", field, local_input(at))


def codes_in_screenshot(browser) -> list[str]:
    """Decode the QR codes the window shows, as a camera keeps looking until a frame holds one."""

    def frame(b):
        image = Image.open(BytesIO(b.get_screenshot_as_png()))
        return [code.text for code in zxingcpp.read_barcodes(image)]

    return WebDriverWait(browser, 10).until(frame)


def records_of(db, account_id: int) -> list[ServiceRecord]:
    db.session.expire_all()
    query = db.select(ServiceRecord).where(ServiceRecord.account_id == account_id)
    return db.session.scalars(query.order_by(ServiceRecord.id)).all()


# CSRF on, as in production. SERVER_NAME off: the links (the unit's registration link, the
# screen's code) name the live server.
@pytest.mark.app_config(WTF_CSRF_ENABLED=True, SERVER_NAME=None)
def test_roster_registration_activity_screen_hours_and_a_forgotten_sign_out(
    app, server, browser, db, runner, org, category, make_account, make_activity, tmp_path
):
    make_account("mgr-a", Role.MANAGER, org["a"])
    make_account("coord", Role.COORDINATOR, org["a"])
    shots = tmp_path / "screenshots"
    shots.mkdir()
    roster = write_xlsx(
        tmp_path / "心内科职工名册.xlsx",
        [[name, no, "H-A-01", phone, "", "", "", "", "在职"] for name, no, phone in ROSTER],
        STAFF_HEADER,
    )
    name, staff_no, phone = ROSTER[0]

    # 1. The manager uploads the roster, checks the preview and confirms the import.
    another_device(browser, DESKTOP)
    log_in(browser, server, "mgr-a")
    browser.get(f"{server}/imports")
    browser.find_element(By.NAME, "file").send_keys(str(roster))
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[.='上传并预览']"))
    assert "导入预览" in main_text(browser) and "李思远" in main_text(browser)
    browser.save_screenshot(str(shots / "1-roster-preview.png"))
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[.='确认导入']"))
    assert "导入完成" in main_text(browser)
    browser.save_screenshot(str(shots / "1-roster-imported.png"))
    db.session.expire_all()
    staff = db.session.scalars(db.select(StaffMember).order_by(StaffMember.staff_no)).all()
    assert [(s.name, s.staff_no) for s in staff] == [(n, no) for n, no, _ in ROSTER]

    # 2. The hospital's progress: three in service, nobody registered yet.
    open_progress(browser, f"{server}/progress/units/{org['a'].id}")
    assert stat(browser, "在职人数") == "3" and stat(browser, "已注册") == "0"
    assert stat(browser, "注册率") == "0.0%"
    browser.save_screenshot(str(shots / "2-progress-before.png"))

    # 3. The unit's registration poster: its link, and its QR code as printed.
    browser.get(f"{server}/units/{org['a'].id}/registration")
    link = browser.find_element(By.CSS_SELECTOR, ".poster .link code").text
    assert codes_in_screenshot(browser) == [link]
    browser.save_screenshot(str(shots / "3-poster.png"))
    assert link.lower().startswith(server) and "/r/" in link

    # 4. A staff member on the roster opens the link on a phone and registers.
    another_device(browser, PHONE)
    browser.get(link)
    assert fits_the_screen(browser)
    typed = {"name": name, "staff_no": staff_no, "phone": phone}
    for field, value in {**typed, "password": PASSWORD, "confirm": PASSWORD}.items():
        browser.find_element(By.NAME, field).send_keys(value)
    browser.find_element(By.NAME, "consent").click()
    browser.save_screenshot(str(shots / "4-register-form.png"))
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[.='提交注册']"))
    assert "注册成功" in browser.find_element(By.TAG_NAME, "body").text
    assert fits_the_screen(browser)
    browser.save_screenshot(str(shots / "4-registered.png"))
    assert console_errors(browser) == []
    db.session.expire_all()
    account = db.session.scalars(
        db.select(Account).join(StaffMember).where(StaffMember.staff_no == staff_no)
    ).one()

    # 5. The manager's progress: one of three registered, the rate has moved.
    another_device(browser, DESKTOP)
    log_in(browser, server, "mgr-a")
    open_progress(browser, f"{server}/progress/units/{org['a'].id}")
    assert stat(browser, "已注册") == "1" and stat(browser, "注册率") == "33.3%"
    browser.save_screenshot(str(shots / "5-progress-registered.png"))

    # 6. The coordinator creates this morning's activity through the form and opens its screen.
    another_device(browser, DESKTOP)
    log_in(browser, server, "coord")
    browser.get(f"{server}/activities/new")
    starts = utc_now().replace(second=0, microsecond=0) - timedelta(hours=2)
    browser.find_element(By.NAME, "title").send_keys("心内科健康讲座")
    Select(browser.find_element(By.NAME, "category_id")).select_by_value(str(category.id))
    Select(browser.find_element(By.NAME, "unit_id")).select_by_value(str(org["a"].id))
    browser.find_element(By.NAME, "place").send_keys("门诊大厅")
    set_datetime(browser, "starts_at", starts)
    set_datetime(browser, "ends_at", starts + timedelta(hours=4))
    browser.save_screenshot(str(shots / "6-activity-form.png"))
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[.='创建活动']"))
    db.session.expire_all()
    [activity] = db.session.scalars(db.select(Activity)).all()
    assert activity.title == "心内科健康讲座" and activity.starts_at == starts
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "签到屏幕"))
    # The code as a phone's camera sees it: read from a screenshot of the screen.
    [scanned] = codes_in_screenshot(browser)
    browser.save_screenshot(str(shots / "6-screen.png"))
    assert scanned.lower().startswith(server) and "/s/" in scanned.lower()

    # 7. The new volunteer scans it on the phone, logs in with the 工号 and signs in.
    another_device(browser, PHONE)
    browser.get(scanned)
    WebDriverWait(browser, 10).until(lambda b: "/login" in b.current_url)
    browser.find_element(By.NAME, "identifier").send_keys(staff_no)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: "/checkin/" in b.current_url)
    assert "心内科健康讲座" in browser.find_element(By.TAG_NAME, "h1").text
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".checkin-button"))
    assert "签到成功" in main_text(browser) and fits_the_screen(browser)
    browser.save_screenshot(str(shots / "7-signed-in.png"))
    [record] = records_of(db, account.id)
    assert record.status == RecordStatus.OPEN and record.source == RecordSource.SELF_SCAN

    # 8. An hour and a half later (the sign-in moved back: time cannot pass), 签退.
    record.signed_in_at = utc_now() - timedelta(minutes=95)
    db.session.commit()
    browser.refresh()
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".checkin-button"))
    assert "签退成功" in main_text(browser) and "1.5小时" in main_text(browser)
    browser.save_screenshot(str(shots / "8-signed-out.png"))
    [record] = records_of(db, account.id)
    assert record.status == RecordStatus.APPROVED and record.hours == Decimal("1.5")

    # 9. The hours on the volunteer's own page, and on the manager's progress.
    browser.get(f"{server}/me")
    assert "1.5" in browser.find_element(By.CSS_SELECTOR, ".hours-headline").text
    assert fits_the_screen(browser)
    browser.save_screenshot(str(shots / "9-my-hours.png"))
    another_device(browser, DESKTOP)
    log_in(browser, server, "mgr-a")
    open_progress(browser, f"{server}/progress/units/{org['a'].id}")
    assert stat(browser, "审核通过时长") == "1.5"
    browser.save_screenshot(str(shots / "9-progress-hours.png"))
    assert console_errors(browser) == []

    # 10. An evening round: the volunteer signs in from its screen and forgets to sign out.
    evening = make_activity(
        org["a"],
        "夜间巡诊",
        starts_at=utc_now().replace(second=0, microsecond=0) - timedelta(minutes=30),
        hours=1,
        category_id=category.id,
    )
    another_device(browser, DESKTOP)
    log_in(browser, server, "coord")
    browser.get(f"{server}/activities/{evening.id}/screen")
    qr = browser.find_element(By.CSS_SELECTOR, "[data-qr]")
    WebDriverWait(browser, 10).until(lambda b: qr.get_attribute("src"))
    evening_code = read_svg(data_uri_svg(qr.get_attribute("src"))).text
    another_device(browser, PHONE)
    log_in(browser, server, staff_no)
    browser.get(evening_code)
    WebDriverWait(browser, 10).until(lambda b: "/checkin/" in b.current_url)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".checkin-button"))
    assert "签到成功" in main_text(browser)
    browser.save_screenshot(str(shots / "10-evening-signed-in.png"))
    # Four hours pass (the round and the sign-in, at its start, moved back in the database):
    # it ended 3 h ago, past the 2 h sign-out window, and cron's job closes it as in production.
    late = timedelta(hours=4)
    db.session.expire_all()
    evening = db.session.get(Activity, evening.id)
    evening.starts_at -= late
    evening.ends_at -= late
    forgotten = records_of(db, account.id)[-1]
    forgotten.signed_in_at = evening.starts_at
    db.session.commit()
    result = runner.invoke(args=["close-forgotten-sign-outs"])
    assert result.exit_code == 0 and "已将 1 条未签退的记录转为待审核" in result.output
    forgotten = records_of(db, account.id)[-1]
    assert forgotten.status == RecordStatus.NEEDS_REVIEW
    assert forgotten.review_reason == ReviewReason.FORGOTTEN_SIGN_OUT

    # 11. The manager finds it on 时长审核 and sets the real sign-out time, with a reason.
    another_device(browser, DESKTOP)
    log_in(browser, server, "mgr-a")
    browser.get(f"{server}/records/review")
    assert "夜间巡诊" in main_text(browser) and "未签退" in main_text(browser)
    browser.save_screenshot(str(shots / "11-review-queue.png"))
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "设置签退时间"))
    set_datetime(browser, "signed_out_at", evening.ends_at)
    browser.find_element(By.NAME, "reason").send_keys("巡诊结束后忘记签退，带教老师确认")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[.='设置签退时间']"))
    assert "已设置签退时间" in main_text(browser)
    browser.save_screenshot(str(shots / "11-resolved.png"))
    forgotten = records_of(db, account.id)[-1]
    assert forgotten.signed_out_at == evening.ends_at
    # Signed in at the round's start, signed out at its end: one hour more.
    assert forgotten.status == RecordStatus.APPROVED and forgotten.hours == Decimal("1")
    open_progress(browser, f"{server}/progress/units/{org['a'].id}")
    assert stat(browser, "审核通过时长") == "2.5"
    assert console_errors(browser) == []
