"""The records import page in a real browser: a manager checks a paper sheet on a phone and sees
which rows were clipped to their activity, without scrolling sideways."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest
from browser import click_and_wait, console_errors, fits_the_screen, log_in, settled
from conftest import local_time
from import_files import RECORDS_HEADER, write_csv

from volunteer.auth.models import Role


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where screenshots go: RECORDS_SCREENSHOTS to keep them, else the test's tmp dir."""
    folder = Path(os.environ.get("RECORDS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def paper_sheet(db, org, make_volunteer, make_activity, make_account, tmp_path) -> Path:
    """A manager of hospital A, and a sheet of two rows at its 08:00–12:00 activity, one early."""
    make_account("mgr-a", Role.MANAGER, org["a"])
    people = [make_volunteer(org["a1"], name) for name in ("张三", "欧阳晓明")]
    morning = make_activity(org["a"], "晨间义诊", starts_at=local_time(2026, 3, 7, 8, 0), hours=4)
    rows = [
        [person.staff_member.name, person.username, "", morning.number, "2026-03-07", *times]
        for person, times in zip(people, [("07:30", "12:40"), ("08:00", "10:00")], strict=True)
    ]
    return write_csv(tmp_path / "三月纸质签到表.csv", rows, RECORDS_HEADER)


@pytest.mark.parametrize("width", [390, 1366])
def test_a_manager_checks_a_sheet_and_sees_the_clipped_row(
    server, browser, paper_sheet, shots, width
):
    from selenium.webdriver.common.by import By

    browser.set_window_size(width, 900)
    log_in(browser, server, "mgr-a")
    browser.get(f"{server}/records/import")
    assert settled(browser, lambda b: b.find_element(By.NAME, "check_only").is_selected())
    browser.find_element(By.NAME, "file").send_keys(str(paper_sheet))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))

    body = settled(
        browser,
        lambda b: "检查通过" in (text := b.find_element(By.TAG_NAME, "main").text) and text,
    )
    assert "检查通过（未写入）" in body
    assert "07:30–12:40 → 08:00–12:00" in body
    assert "08:00–10:00 →" not in body
    assert fits_the_screen(browser)
    assert console_errors(browser) == []
    # The whole page, beyond the window: the clipped rows come after the form.
    shot = browser.execute_cdp_cmd(
        "Page.captureScreenshot", {"captureBeyondViewport": True, "fromSurface": True}
    )
    (shots / f"records-import-{width}.png").write_bytes(base64.b64decode(shot["data"]))
