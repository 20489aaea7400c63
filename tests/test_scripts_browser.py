"""The project's ES modules in a real headless Chromium behind the app's own strict
Content-Security-Policy (volunteer/core/headers.py: script-src 'self'): pages run no inline code,
so everything still works and nothing is refused."""

import pytest
from browser import console_errors, log_in
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from volunteer.activities.models import Team, TeamKind
from volunteer.auth.models import Role

pytestmark = pytest.mark.browser


def _shown(browser, name: str) -> bool:
    return browser.find_element(By.NAME, name).is_displayed()


def test_registration_form_switches_its_fields_by_kind(server, browser, org, tmp_path):
    browser.get(f"{server}/r/{org['a'].code}")
    assert _shown(browser, "staff_no") and not _shown(browser, "affiliation")
    browser.find_element(By.CSS_SELECTOR, "input[name=kind][value=external]").click()
    assert _shown(browser, "affiliation") and not _shown(browser, "staff_no")
    browser.save_screenshot(str(tmp_path / "register_external.png"))
    browser.find_element(By.CSS_SELECTOR, "input[name=kind][value=staff]").click()
    assert _shown(browser, "staff_no") and not _shown(browser, "affiliation")
    assert console_errors(browser) == []


def test_print_buttons_print_the_poster_and_the_callout_roster(
    server, browser, db, org, make_account
):
    team = Team(name="第一医院应急医疗队", kind=TeamKind.EMERGENCY_MEDICAL, unit=org["a"])
    db.session.add(team)
    db.session.commit()
    log_in(browser, server, make_account("mgr-a", Role.MANAGER, org["a"]).username)
    for path in (f"/units/{org['a1'].id}/registration", f"/teams/{team.id}/callout"):
        browser.get(server + path)
        # The module calls window.print() when clicked: count the calls instead of printing.
        browser.execute_script("window.printed = 0; window.print = () => { window.printed += 1; };")
        browser.find_element(By.CSS_SELECTOR, "button[data-print]").click()
        assert browser.execute_script("return window.printed") == 1, path
        assert console_errors(browser) == [], path


def test_my_code_page_counts_down_under_the_policy(server, browser, org, make_volunteer):
    log_in(browser, server, make_volunteer(org["a1"], "王小明").username)
    browser.get(f"{server}/me/code")
    countdown = browser.find_element(By.CSS_SELECTOR, ".my-code-countdown")
    first = countdown.text  # the server's; the module then counts down every second
    WebDriverWait(browser, 10).until(lambda b: countdown.text != first)
    assert "秒后自动更新" in countdown.text
    assert console_errors(browser) == []


def test_scanner_loads_its_decoder_under_the_policy(
    server, browser, org, make_account, make_activity, db
):
    activity = make_activity(org["a"], "社区义诊")
    db.session.commit()
    log_in(browser, server, make_account("coord-a", Role.COORDINATOR, org["a"]).username)
    browser.get(f"{server}/activities/{activity.id}/scanner")
    scanner = browser.find_element(By.CSS_SELECTOR, ".scanner")
    # The polyfill is a script the module adds from static/vendor/; its wasm compiles locally.
    WebDriverWait(browser, 20).until(lambda b: scanner.get_attribute("data-decoder"))
    assert scanner.get_attribute("data-decoder") == "ready"
    assert console_errors(browser) == []
