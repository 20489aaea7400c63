"""A year's journey in a real Chromium, one person at a time: the screen's code, a phone that signs
in and out, the manager's approval, the certificate and its public verification, the revocation.

Time is the one thing a live server cannot fast-forward: "later" is the open session's sign-in
moved back in the database, as if the volunteer had served that long before tapping 签退."""

import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from browser import click_and_wait, console_errors, fits_the_screen, log_in, main_text
from qr_reading import data_uri_svg, read_pdf_page, read_svg
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from volunteer.auth.models import Role
from volunteer.certificates.models import Certificate, CertificateStatus
from volunteer.clock import utc_now
from volunteer.records.models import RecordSource, RecordStatus, ServiceRecord
from volunteer.records.rules import ReviewReason

pytestmark = pytest.mark.browser

DESKTOP, PHONE = (1366, 900), (390, 844)


def another_device(browser, size: tuple[int, int]) -> None:
    """Hand the browser to the next person: none of the last one's cookies, their screen size."""
    browser.delete_all_cookies()
    browser.set_window_size(*size)


def downloaded_pdf(folder: Path) -> bytes:
    """Wait for the one PDF the browser saves into `folder`, and return its bytes."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        done = [p for p in folder.glob("*.pdf") if not p.name.endswith(".crdownload")]
        if done and not list(folder.glob("*.crdownload")):
            return done[0].read_bytes()
        time.sleep(0.1)
    raise AssertionError(f"no PDF was downloaded into {folder}: {list(folder.iterdir())}")


def the_record(db) -> ServiceRecord:
    db.session.expire_all()
    [record] = db.session.scalars(db.select(ServiceRecord)).all()
    return record


# CSRF on, as in production; a manager reviews any day over 1 hour, so a short session waits
# for one. SERVER_NAME off: links (the screen's code, the certificate's QR) name the live server.
@pytest.mark.app_config(WTF_CSRF_ENABLED=True, DAILY_MANAGER_REVIEW_HOURS=1, SERVER_NAME=None)
def test_scan_sign_in_out_approve_certificate_verify_and_revoke(
    app, server, browser, db, org, make_activity, make_account, make_volunteer, tmp_path
):
    activity = make_activity(
        org["a"], "社区义诊", starts_at=utc_now() - timedelta(hours=2), hours=4
    )
    volunteer = make_volunteer(org["a1"], "王小明", id_card="110101199001011234")
    make_account("coord", Role.COORDINATOR, org["a"])
    make_account("mgr-a", Role.MANAGER, org["a"])
    make_account("admin", Role.ADMIN, org["root"])
    shots = tmp_path / "screenshots"
    shots.mkdir()

    # 1. The coordinator opens the activity's screen; its QR code is what the volunteer scans.
    another_device(browser, DESKTOP)
    log_in(browser, server, "coord")
    browser.get(f"{server}/activities/{activity.id}/screen")
    qr = browser.find_element(By.CSS_SELECTOR, "[data-qr]")
    WebDriverWait(browser, 10).until(lambda b: qr.get_attribute("src"))
    scanned = read_svg(data_uri_svg(qr.get_attribute("src"))).text
    browser.save_screenshot(str(shots / "1-screen.png"))
    assert "/S/" in scanned and scanned.lower().startswith(server)

    # 2. On a phone, not logged in: the scan leads to the login, then to 签到.
    another_device(browser, PHONE)
    browser.get(scanned)
    WebDriverWait(browser, 10).until(lambda b: "/login" in b.current_url)
    browser.find_element(By.NAME, "identifier").send_keys(volunteer.username)
    browser.find_element(By.NAME, "password").send_keys("correct-horse-9")
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: "/checkin/" in b.current_url)
    assert "社区义诊" in browser.find_element(By.TAG_NAME, "h1").text
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".checkin-button"))
    assert browser.find_elements(By.CSS_SELECTOR, "[data-checkin-state=signed-in]")
    assert "签到成功" in main_text(browser) and fits_the_screen(browser)
    browser.save_screenshot(str(shots / "2-signed-in.png"))
    record = the_record(db)
    assert record.status == RecordStatus.OPEN and record.source == RecordSource.SELF_SCAN

    # 3. An hour and a half later the same phone, still on the ticket's page, signs out.
    record.signed_in_at = utc_now() - timedelta(minutes=95)
    db.session.commit()
    browser.refresh()
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".checkin-button"))
    page = main_text(browser)
    assert "签退成功" in page and "1.5小时" in page and "需管理员审核后计入" in page
    assert browser.find_elements(By.CSS_SELECTOR, "[data-checkin-state=signed-out]")
    browser.save_screenshot(str(shots / "3-signed-out.png"))
    record = the_record(db)
    assert record.status == RecordStatus.NEEDS_REVIEW and record.hours == Decimal("1.5")
    assert record.review_reason == ReviewReason.DAILY_OVER_MANAGER_LINE
    assert console_errors(browser) == []

    # 4. The hospital's manager ticks the record on 时长审核 and approves it.
    another_device(browser, DESKTOP)
    log_in(browser, server, "mgr-a")
    browser.get(f"{server}/records/review")
    assert "王小明" in main_text(browser)
    browser.find_element(By.CSS_SELECTOR, f"input[name=record_ids][value='{record.id}']").click()
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[.='通过所选']"))
    assert "已审核通过 1 条记录" in main_text(browser)
    assert "没有待审核的记录" in main_text(browser)
    browser.save_screenshot(str(shots / "4-approved.png"))
    assert the_record(db).status == RecordStatus.APPROVED

    # 5. The volunteer, from the home page, issues this year's certificate and downloads it.
    another_device(browser, PHONE)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    log_in(browser, server, volunteer.username)
    browser.get(f"{server}/me")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "下载时长证明"))
    assert "1.5 小时" in main_text(browser)
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[.='出具年度证明']"))
    db.session.expire_all()
    [certificate] = db.session.scalars(db.select(Certificate)).all()
    assert f"已出具 {certificate.serial} 号证明" in main_text(browser)
    assert fits_the_screen(browser)
    browser.save_screenshot(str(shots / "5-certificate.png"))
    browser.find_element(By.LINK_TEXT, certificate.serial).click()
    pdf = downloaded_pdf(downloads)
    assert pdf.startswith(b"%PDF")
    # The certificate's printed QR code, read as a phone reads paper, opens its public page.
    [code] = read_pdf_page(pdf, tmp_path)
    verify_link = code.text
    assert verify_link == f"{server}/verify/{certificate.verify_code}"

    # 6. A visitor with no login opens the link: valid, the name masked, nothing else personal.
    another_device(browser, PHONE)
    browser.get(verify_link)
    page = main_text(browser)
    assert "这是本系统出具的有效证明" in page and "有效" in page
    assert "王*明" in page and "王小明" not in page and "110101" not in page
    assert "1.5 小时" in page and "第一人民医院" in page
    browser.save_screenshot(str(shots / "6-valid.png"))
    assert console_errors(browser) == []

    # 7. The administrator revokes it from the unit's certificates; the same link says so.
    another_device(browser, DESKTOP)
    log_in(browser, server, "admin")
    browser.get(f"{server}/units/{certificate.unit_id}/certificates?year={certificate.year}")
    row = browser.find_element(By.XPATH, f"//tr[.//code[.='{certificate.serial}']]")
    row.find_element(By.NAME, "reason").send_keys("时长登记有误")
    click_and_wait(browser, row.find_element(By.XPATH, ".//button[.='撤销']"))
    assert f"证明 {certificate.serial} 已撤销" in main_text(browser)
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).status is CertificateStatus.REVOKED

    another_device(browser, PHONE)
    browser.get(verify_link)
    page = main_text(browser)
    assert "已撤销" in page and "不再有效" in page and "这是本系统出具的有效证明" not in page
    assert "王*明" in page and "时长登记有误" not in page
    browser.save_screenshot(str(shots / "7-revoked.png"))
    assert console_errors(browser) == []
