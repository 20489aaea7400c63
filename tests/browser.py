"""A live server and a headless Chromium, for tests that look at pages as a phone shows them."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator

import pytest
from axe_checks import AxeListener
from werkzeug.serving import make_server

# How many pages axe-core checked in this run and how long it took, for the run's last lines.
AXE_TOTALS = {"pages": 0, "seconds": 0.0}

# WeChat's in-app browser on Android: what staff use when they scan a unit's QR code.
WECHAT_UA = (
    "Mozilla/5.0 (Linux; Android 14; V2309A) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/116.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.49.2600 NetType/WIFI Language/zh_CN"
)


def chromium_paths() -> tuple[str, str] | None:
    """Return (chromium, chromedriver) from Debian's packages, or None when not installed."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def live_server(app) -> Iterator[str]:
    """Serve `app` on a free loopback port in a thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def phone_browser(tmp_path, extra_flags: tuple[str, ...] = ()) -> Iterator:
    """Yield a headless Chromium the size of a phone, with WeChat's user agent."""
    paths = chromium_paths()
    if paths is None:
        if os.environ.get("CI"):
            pytest.fail("chromium and chromedriver must be installed in CI (.ci/run installs them)")
        pytest.skip(
            "chromium/chromedriver not installed (apt-get install chromium chromium-driver)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = paths[0]
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=390,844",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        f"--user-agent={WECHAT_UA}",
        *extra_flags,
    ):
        options.add_argument(flag)
    from selenium.webdriver.support.events import EventFiringWebDriver

    driver = webdriver.Chrome(service=Service(executable_path=paths[1]), options=options)
    driver.set_page_load_timeout(20)
    # axe-core checks every page the test shows (tests/axe_checks.py); a violation fails it.
    axe = AxeListener()
    try:
        yield EventFiringWebDriver(driver, axe)
        axe.check(driver)  # the page the test ended on
    finally:
        driver.quit()
        AXE_TOTALS["pages"] += len(axe.checked)
        AXE_TOTALS["seconds"] += axe.seconds
    if axe.violations:
        pytest.fail(axe.report(), pytrace=False)


def log_in(browser, server: str, username: str, password: str = "correct-horse-9") -> None:
    """Log in through the login page as a person would, and wait to leave it."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{server}/login")
    browser.find_element(By.NAME, "identifier").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: "/login" not in b.current_url)


def main_text(browser) -> str:
    """The text of the page's main content, as shown, read again if the page was being replaced."""
    from selenium.webdriver.common.by import By

    return settled(browser, lambda b: b.find_element(By.TAG_NAME, "main").text)


def replaced(node) -> bool:
    """Whether `node` belongs to a document the browser has left.

    Chromium answers a node of a departed document either as stale or, while the next document
    is being committed, "does not belong to the document" (a plain WebDriverException): both
    mean the old page is gone.
    """
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    try:
        node.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise
    return False


def click_and_wait(browser, element) -> None:
    """Click something that loads a new page; wait until the old one is gone and the new loaded."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    page = browser.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(browser, 10).until(lambda _: replaced(page))
    settled(browser, lambda b: b.execute_script("return document.readyState") == "complete")


def settled(browser, check, timeout: float = 10):
    """Wait for `check(browser)` to be truthy, retrying while the page is being replaced.

    A node read just as a new document lands is stale, or "does not belong to the document"
    (a plain WebDriverException): both mean "look again", not failure.
    """
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, timeout, ignored_exceptions=(WebDriverException,)).until(check)


def console_errors(browser) -> list[str]:
    """Return the page's severe console messages (a refused script, a failed request)."""
    return [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def fits_the_screen(browser) -> bool:
    """Whether the page needs no sideways scrolling at the window's width."""
    return browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth + 1"
    )


@pytest.fixture
def server(app) -> Iterator[str]:
    """Serve the test's app on a loopback port for a real browser (tests/browser.py)."""
    yield from live_server(app)


@pytest.fixture
def browser(tmp_path) -> Iterator:
    """A headless Chromium the size of a phone; skips where Chromium is not installed."""
    yield from phone_browser(tmp_path)


def pytest_unconfigure(config) -> None:
    """Say plainly, as the run's last line, when the browser tests did not run."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    if AXE_TOTALS["pages"]:
        reporter.write_line(
            f"axe-core checked {AXE_TOTALS['pages']} pages in {AXE_TOTALS['seconds']:.1f} s"
        )
    skipped = [
        report
        for report in reporter.stats.get("skipped", [])
        if "chromium" in str(report.longrepr).lower()
    ]
    if skipped:
        reporter.write_sep(
            "!",
            f"{len(skipped)} browser tests were SKIPPED: Chromium is not installed, so the "
            "journeys in a real browser were not checked (apt-get install chromium "
            "chromium-driver)",
            red=True,
        )
