"""axe-core on every page the browser tests show: a WCAG 2.1 A/AA violation fails the test.

tests/browser.py wraps each Chromium in selenium's EventFiringWebDriver with an `AxeListener`.
After every navigation and around every click the listener checks the page the browser shows,
once per distinct URL and document structure (so a form coming back with its errors is checked
again, but the same list reloaded is not). axe's source is injected with execute_script: the
pages' Content-Security-Policy would refuse it as a <script> element, and no page of the app
loads it. The fixture fails the test at teardown, listing each violation with the page.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from selenium.common.exceptions import NoAlertPresentException, WebDriverException
from selenium.webdriver.support.events import AbstractEventListener

# Built from the npm package by `make assets` (scripts/build-vendor.mjs).
AXE_SOURCE = Path(__file__).parent.parent / "volunteer" / "static" / "vendor" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

# What makes two visits the same page for axe: the address without its fragment, and a hash of
# the elements shown (tag, id, class, hidden), which changes when errors or new rows appear.
PAGE_KEY = """
if (document.contentType !== "text/html" || document.readyState === "loading" || !document.body) {
  return null;
}
let hash = 5381;
const add = (text) => {
  for (let i = 0; i < text.length; i += 1) hash = ((hash * 33) ^ text.charCodeAt(i)) >>> 0;
};
for (const element of document.body.querySelectorAll("*")) {
  add(element.tagName + "#" + element.id + "." + (element.getAttribute("class") || "")
      + (element.hidden ? "!" : "") + ";");
}
return location.href.split("#")[0] + " " + hash.toString(16);
"""

RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: arguments[0]}, resultTypes: ["violations"]})
  .then((results) => done(results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((node) => node.target.join(" ")),
  }))))
  .catch((error) => done({error: String(error)}));
"""


@dataclass(frozen=True)
class Violation:
    """One rule broken on one page, with the elements that break it."""

    rule: str
    impact: str
    help: str
    url: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        shown = ", ".join(self.targets[:5]) + (" …" if len(self.targets) > 5 else "")
        return f"{self.rule} ({self.impact}) on {self.url}: {self.help} — {shown}"


class AxeListener(AbstractEventListener):
    """Check each page the driver shows with axe-core, and keep the violations found."""

    def __init__(self) -> None:
        self.source = AXE_SOURCE.read_text("utf-8")
        self.checked: set[str] = set()
        self.violations: list[Violation] = []
        self.seconds = 0.0  # spent checking, for the run's summary

    def check(self, driver) -> None:
        """Run axe on the page shown, unless this URL and document were checked already."""
        started = time.perf_counter()
        try:
            self._check(driver)
        finally:
            self.seconds += time.perf_counter() - started

    def _check(self, driver) -> None:
        try:
            driver.switch_to.alert  # noqa: B018 - a script now would dismiss the dialog
            return
        except NoAlertPresentException:
            pass
        except WebDriverException:
            return
        try:
            key = driver.execute_script(PAGE_KEY)
            if key is None or key in self.checked:
                return
            if not driver.execute_script("return typeof window.axe === 'object'"):
                driver.execute_script(self.source)
            found = driver.execute_async_script(RUN_AXE, list(WCAG_TAGS))
        except WebDriverException:
            return  # the page was being replaced: the next event checks the new one
        if isinstance(found, dict):
            raise AssertionError(f"axe-core could not run on {key}: {found['error']}")
        self.checked.add(key)
        url = key.split(" ")[0]
        self.violations += [
            Violation(v["id"], v["impact"] or "", v["help"], url, tuple(v["targets"]))
            for v in found
        ]

    def after_navigate_to(self, url, driver) -> None:
        self.check(driver)

    def after_navigate_back(self, driver) -> None:
        self.check(driver)

    def after_navigate_forward(self, driver) -> None:
        self.check(driver)

    def before_click(self, element, driver) -> None:
        self.check(driver)

    def after_click(self, element, driver) -> None:
        self.check(driver)

    def before_quit(self, driver) -> None:
        self.check(driver)

    def report(self) -> str:
        """The violations as lines for a test failure, one rule on one page a line."""
        return "\n".join(
            [f"axe-core found {len(self.violations)} WCAG 2.1 A/AA violation(s):"]
            + [f"  {violation}" for violation in self.violations]
        )
