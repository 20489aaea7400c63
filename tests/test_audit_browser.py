"""The audit log and a record's history on a phone and a desktop, in a real headless Chromium."""

from __future__ import annotations

import pytest
from browser import fits_the_screen, log_in
from records_world import session, t, world_fixture  # noqa: F401
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1366])
def test_a_manager_filters_the_log_and_reads_a_records_history(
    server, browser, world, width, tmp_path
):
    record = session(world, t(9), t(12))
    browser.set_window_size(width, 900)
    log_in(browser, server, "mgr-a")

    browser.get(f"{server}/audit")
    Select(browser.find_element(By.NAME, "kind")).select_by_visible_text("服务记录")
    browser.find_element(By.NAME, "person").send_keys("王小明")
    browser.find_element(By.CSS_SELECTOR, ".audit-filters button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: "kind=records" in b.current_url)

    rows = browser.find_elements(By.CSS_SELECTOR, ".audit-table tbody tr")
    assert [row.find_element(By.CSS_SELECTOR, ".audit-action").text for row in rows] == [
        "签退",
        "签到",
    ]
    assert "进行中 → 已通过" in rows[0].find_element(By.CSS_SELECTOR, ".audit-detail").text
    assert fits_the_screen(browser)
    browser.save_screenshot(str(tmp_path / f"audit-{width}.png"))

    browser.get(f"{server}/records/{record.id}")
    history = browser.find_element(By.CSS_SELECTOR, ".history").text
    assert "签退" in history and "0 小时 → 3 小时" in history
    assert fits_the_screen(browser)
    browser.save_screenshot(str(tmp_path / f"record-{width}.png"))
