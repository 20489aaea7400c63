"""In Chromium: a failed registration puts the cursor on the first mistake, tied to its message."""

import os
from pathlib import Path

from browser import click_and_wait, fits_the_screen, log_in
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

SHOTS = Path(os.environ.get("VOLUNTEER_SHOTS", "/tmp/shots/c"))


def _shoot(browser, name: str) -> None:
    """Keep a screenshot for a person to look at (VOLUNTEER_SHOTS, /tmp/shots/c by default)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / name))


def test_failed_registration_focuses_the_first_invalid_field(browser, server, org):
    browser.get(f"{server}/r/{org['a'].code}")
    browser.find_element(By.NAME, "staff_no").send_keys("000123")
    browser.find_element(By.NAME, "password").send_keys("pass-word-9")
    # Name left empty, the phone too: the first mistake is 姓名.
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#register-form [type=submit]"))

    focused = browser.switch_to.active_element
    assert focused.get_attribute("id") == "name"
    assert focused.get_attribute("aria-invalid") == "true"
    described = focused.get_attribute("aria-describedby").split()
    error = browser.find_element(By.ID, described[-1])
    assert error.is_displayed() and error.text == "请填写姓名。"
    banner = browser.find_element(By.CSS_SELECTOR, ".flash-error")
    assert banner.text.startswith("请修改以下各项：姓名、")
    assert fits_the_screen(browser)
    _shoot(browser, "register-errors-390.png")
    browser.set_window_size(1366, 900)
    browser.execute_script("window.scrollTo(0, 0)")
    _shoot(browser, "register-errors-1366.png")


def test_skip_link_is_the_first_tab_stop_and_moves_to_main(browser, server, org, make_account):
    from volunteer.auth.models import Role

    make_account("mgr", Role.MANAGER, org["a"])
    log_in(browser, server, "mgr")
    browser.get(f"{server}/progress")

    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    skip = browser.switch_to.active_element
    assert skip.get_attribute("class") == "skip-link" and skip.is_displayed()
    # The focus ring shows on the link (:focus-visible), as on every link and button.
    assert browser.execute_script(
        "return getComputedStyle(arguments[0]).outlineStyle", skip
    ) not in ("none", "")
    _shoot(browser, "topbar-skip-link-390.png")
    skip.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "main"

    current = browser.find_element(By.CSS_SELECTOR, ".mainnav a[aria-current=page]")
    assert current.text == "完成情况"
    # On a phone every link of the top bar is as tall as a thumb.
    heights = browser.execute_script(
        "return [...document.querySelectorAll('.topbar a, .topbar button')]"
        ".map((e) => e.getBoundingClientRect().height)"
    )
    assert min(heights) >= 44
    browser.execute_script("window.scrollTo(0, 0)")
    _shoot(browser, "topbar-390.png")
    browser.set_window_size(1366, 900)
    _shoot(browser, "topbar-1366.png")


def test_checkboxes_show_a_focus_ring(browser, server, org):
    browser.get(f"{server}/r/{org['a'].code}")
    consent = browser.find_element(By.NAME, "consent")
    browser.execute_script("arguments[0].scrollIntoView()", consent)
    # Tab onto the box from the field before it, as a keyboard user does.
    browser.find_element(By.NAME, "confirm").send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("name") == "consent"
    style = browser.execute_script(
        "const s = getComputedStyle(arguments[0]);"
        "return [s.outlineStyle, s.outlineWidth, s.outlineColor]",
        consent,
    )
    assert style[0] == "solid" and style[1] == "2px"
    assert style[2] == "rgb(155, 12, 35)"  # --primary-dark on white: 8.5:1
