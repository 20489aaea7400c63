"""A manager reminds ticked people from the people list in a real browser; the person reads it."""

from __future__ import annotations

import os
from pathlib import Path

from browser import click_and_wait, log_in, main_text, settled
from reminders_world import reminders_world_fixture  # noqa: F401

SHOTS = Path(os.environ.get("VOLUNTEER_SHOTS", "/tmp/shots/a"))
WIDTHS = (390, 1366)


def shoot(browser, name: str) -> None:
    """Keep the page at a phone's and a desktop's width for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        browser.set_window_size(width, 900)
        height = browser.execute_script("return document.documentElement.scrollHeight")
        browser.set_window_size(width, max(900, min(height, 3000)))
        browser.save_screenshot(str(SHOTS / f"{name}-{width}.png"))
    browser.set_window_size(390, 844)


def test_ticked_people_are_reminded_and_read_it_on_their_home_page(
    reminders_world, server, browser
):
    from selenium.webdriver.common.by import By

    world = reminders_world
    log_in(browser, server, world.manager.username)
    browser.get(f"{server}/progress/units/{world.org['a'].id}/people")
    for name in ("甲", "丙"):
        box = browser.find_element(
            By.CSS_SELECTOR, f"input[name=person][value='{world.staff[name].id}']"
        )
        browser.execute_script("arguments[0].click()", box)
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[text()='催办所选']"))

    text = main_text(browser)
    assert "将催办 2 人" in text
    assert "请完成志愿者注册" in text and "今年还需 48 小时" in text
    shoot(browser, "confirm")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[contains(., '确认催办')]"))
    assert "已催办 2 人" in settled(browser, main_text)

    browser.delete_all_cookies()
    log_in(browser, server, world.accounts["甲"].username)
    browser.get(f"{server}/me")
    assert "今年还需 48 小时" in main_text(browser)
    shoot(browser, "me-notice")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[text()='标为已读']"))
    assert "今年还需" not in main_text(browser)


def test_the_header_box_ticks_everyone_on_the_page(reminders_world, server, browser):
    from selenium.webdriver.common.by import By

    world = reminders_world
    log_in(browser, server, world.manager.username)
    browser.get(f"{server}/progress/units/{world.org['a'].id}/people")
    everyone = browser.find_element(By.CSS_SELECTOR, "input[data-select-group=people]")
    boxes = browser.find_elements(By.CSS_SELECTOR, "input[name=person]")
    assert len(boxes) == 4 and not any(box.is_selected() for box in boxes)

    browser.execute_script("arguments[0].click()", everyone)
    assert all(box.is_selected() for box in boxes)
    ding = browser.find_element(
        By.CSS_SELECTOR, f"input[name=person][value='{world.staff['丁'].id}']"
    )
    browser.execute_script("arguments[0].click()", ding)
    assert not everyone.is_selected()
    assert browser.execute_script("return arguments[0].indeterminate", everyone)
    shoot(browser, "people-ticked")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[text()='催办所选']"))

    # 乙 has nothing missing and 丁 was unticked: 甲 and 丙 are left.
    text = main_text(browser)
    assert "将催办 2 人" in text and "1 人已注册且已达到年度目标" in text and "丁" not in text
