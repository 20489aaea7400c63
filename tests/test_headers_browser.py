"""The main pages of every role in a real Chromium under the app's own headers: the policy is in
force, and no page needs anything it refuses (an inline style or script, an outside source).
Charts still draw, the scanner's decoder compiles and the camera streams."""

from __future__ import annotations

import pytest
from browser import console_errors, live_server, log_in, phone_browser
from demo_world import demo_template, use_demo
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from volunteer.auth.models import Account
from volunteer.clock import utc_now
from volunteer.core.headers import CONTENT_SECURITY_POLICY
from volunteer.demo.logins import DEMO_PASSWORD
from volunteer.demo.today import ensure_running_activity
from volunteer.records.models import RecordStatus, ServiceRecord
from volunteer.units.models import Unit

pytestmark = pytest.mark.browser

NOW = utc_now()
DESKTOP = (1366, 900)
# A camera that shows a test pattern, granted without asking: the scanner's video really plays.
FAKE_CAMERA = ("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream")
# Runs before the page's own scripts (and outside the policy): collects what the policy refused.
WATCH_VIOLATIONS = """
window.violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.violations.push({
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: `${event.sourceFile}:${event.lineNumber}`,
    policy: event.originalPolicy,
  });
});
"""

# Each role's main pages (the volunteer's on a phone, the others on an office screen).
PAGES = {
    None: ["/login", "/r/{hospital_code}"],
    "010001": ["/me", "/me/records", "/me/code", "/my/activities", "/activities/upcoming"],
    "coordinator": [
        "/activities",
        "/activities/{activity}",
        "/activities/{activity}/screen",
        "/activities/{activity}/scanner",
        "/activities/{activity}/records",
    ],
    "manager": [
        "/units",
        "/progress/units/{hospital}",
        "/progress/units/{hospital}/people",
        "/progress/people/{person}",
        "/records/review",
        "/records/{record}",
        "/reports/units/{hospital}",
        "/audit",
    ],
    "admin": ["/accounts", "/audit", "/progress/units/{city}"],
}


@pytest.fixture(scope="module")
def demo_file(migrated_database, tmp_path_factory):
    return demo_template(migrated_database, tmp_path_factory.mktemp("headers"), NOW)


@pytest.fixture
def places(app, db, demo_file) -> dict[str, object]:
    """The demo as of now, and the ids its pages are reached by."""
    use_demo(app, demo_file, NOW)
    activity = ensure_running_activity(NOW)
    db.session.commit()
    hospital = db.session.scalars(db.select(Unit).where(Unit.code == "SY01")).one()
    volunteer = db.session.scalars(db.select(Account).where(Account.username == "010001")).one()
    record = db.session.scalars(
        db.select(ServiceRecord)
        .where(ServiceRecord.status == RecordStatus.NEEDS_REVIEW)
        .order_by(ServiceRecord.id)
    ).first()
    return {
        "activity": activity.id,
        "hospital": hospital.id,
        "hospital_code": hospital.code,
        "city": hospital.parent_id,
        "person": volunteer.staff_member_id,
        "record": record.id,
    }


@pytest.fixture
def server(app, places):
    yield from live_server(app)


@pytest.fixture
def browser(tmp_path):
    for driver in phone_browser(tmp_path, FAKE_CAMERA):
        driver.execute_cdp_cmd(
            "Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_VIOLATIONS}
        )
        yield driver


def _settle(browser) -> None:
    """Wait for what the page's scripts draw: charts, the screen's code, the scanner's camera."""
    wait = WebDriverWait(browser, 20)
    wait.until(lambda b: b.execute_script("return document.readyState") == "complete")
    charts = browser.find_elements(By.CSS_SELECTOR, "canvas[data-chart]")
    wait.until(lambda b: all(chart.get_attribute("data-chart-drawn") for chart in charts))
    for qr in browser.find_elements(By.CSS_SELECTOR, ".screen-qr"):
        wait.until(lambda b, qr=qr: qr.get_attribute("src"))
    for scanner in browser.find_elements(By.CSS_SELECTOR, ".scanner"):
        wait.until(lambda b, scanner=scanner: scanner.get_attribute("data-decoder"))
        wait.until(
            lambda b: b.execute_script(
                "return document.querySelector('.scanner-video').readyState >= 2"
            )
        )


def _painted(browser) -> list[int]:
    """How many pixels each chart's canvas painted."""
    return browser.execute_script(
        """
        return Array.from(document.querySelectorAll("canvas[data-chart]"), (canvas) => {
          const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
          return pixels.data.filter((value, index) => index % 4 === 3 && value).length;
        });
        """
    )


@pytest.mark.parametrize("who", list(PAGES), ids=lambda who: who or "public")
def test_main_pages_of_each_role_need_nothing_the_policy_refuses(
    server, browser, places, who, tmp_path
):
    if who not in (None, "010001"):
        browser.set_window_size(*DESKTOP)
    if who is not None:
        log_in(browser, server, who, DEMO_PASSWORD)
    charts_seen = 0
    for page in PAGES[who]:
        path = page.format(**places)
        browser.get(server + path)
        _settle(browser)
        assert browser.execute_script("return window.violations") == [], path
        assert console_errors(browser) == [], path
        painted = _painted(browser)
        assert all(pixels > 1000 for pixels in painted), (path, painted)  # not a blank canvas
        charts_seen += len(painted)
        if browser.find_elements(By.CSS_SELECTOR, ".scanner"):
            scanner = browser.find_element(By.CSS_SELECTOR, ".scanner")
            assert scanner.get_attribute("data-decoder") == "ready"  # the wasm compiled
            assert browser.find_element(By.CSS_SELECTOR, ".scanner-video").is_displayed()
            assert not browser.find_element(By.CSS_SELECTOR, ".scanner-camera-start").is_displayed()
        browser.save_screenshot(str(tmp_path / f"{path.strip('/').replace('/', '-')}.png"))
    if who in ("manager", "admin"):
        assert charts_seen >= 3


def test_the_policy_in_force_is_the_apps_own_and_refuses_inline_code(server, browser):
    browser.get(f"{server}/login")
    browser.execute_script(
        """
        document.body.setAttribute("style", "background: red");
        const script = document.createElement("script");
        script.textContent = "window.injected = true;";
        document.head.append(script);
        """
    )
    WebDriverWait(browser, 5).until(
        lambda b: len(b.execute_script("return window.violations")) == 2
    )
    violations = browser.execute_script("return window.violations")
    assert {v["directive"] for v in violations} == {"style-src-attr", "script-src-elem"}
    assert {v["policy"] for v in violations} == {CONTENT_SECURITY_POLICY}
    assert browser.execute_script("return window.injected") is None
    background = "return getComputedStyle(document.body).backgroundColor"
    assert browser.execute_script(background) != "rgb(255, 0, 0)"
