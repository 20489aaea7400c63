"""Wide tables on a phone in English: the table scrolls sideways inside its own frame, so its
last column can be reached, while the page itself never scrolls sideways."""

from __future__ import annotations

import pytest
from browser import console_errors, fits_the_screen, log_in
from progress_world import hospital_fixture  # noqa: F401

from volunteer.i18n import LOCALE_COOKIE

pytestmark = pytest.mark.browser

# For each table frame: whether it scrolls to its end, and whether the last header cell is then
# on the screen and not covered or clipped.
LAST_COLUMNS = """
return [...document.querySelectorAll('main .table-wrap')].map((wrap) => {
  wrap.scrollLeft = wrap.scrollWidth;
  const cells = wrap.querySelectorAll('thead th');
  const last = cells[cells.length - 1];
  window.scrollBy(0, last.getBoundingClientRect().top - window.innerHeight / 2);
  const box = last.getBoundingClientRect();
  const x = Math.min(box.right - 2, window.innerWidth - 2), y = box.top + box.height / 2;
  const seen = document.elementFromPoint(x, y);
  return {
    text: last.textContent.trim(),
    // A person can scroll it (a script could scroll even an overflow: hidden box).
    scrolls: wrap.scrollWidth <= wrap.clientWidth ||
      (['auto', 'scroll'].includes(getComputedStyle(wrap).overflowX) && wrap.scrollLeft > 0),
    onScreen: box.right <= window.innerWidth + 1 && box.left >= -1,
    uncovered: seen !== null && last.contains(seen),
  };
});
"""


@pytest.fixture
def english_manager(browser, server, hospital):
    browser.get(f"{server}/login")
    browser.add_cookie({"name": LOCALE_COOKIE, "value": "en"})
    log_in(browser, server, hospital["manager"].username)
    return browser


@pytest.mark.parametrize(
    "path",
    [
        "/progress/units/{a}",
        "/progress/units/{a}/people",
        "/records/review",
    ],
)
def test_the_last_column_of_a_wide_table_is_reachable_on_a_phone(
    english_manager, server, hospital, path
):
    browser = english_manager
    browser.get(server + path.format(a=hospital["a"].id))
    assert browser.execute_script("return document.documentElement.lang") == "en"
    tables = browser.execute_script(LAST_COLUMNS)
    assert tables, browser.find_element("tag name", "main").text
    for table in tables:
        assert table["scrolls"] and table["onScreen"] and table["uncovered"], table
    assert fits_the_screen(browser)
    assert console_errors(browser) == []
