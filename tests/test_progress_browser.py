"""The unit progress page in a real headless Chromium: the three charts draw from the local
Chart.js, without console errors, and the page reads on an office screen and on a phone."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from browser import console_errors, log_in
from conftest import local_time
from progress_people_world import add_record
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from volunteer.auth.models import Role
from volunteer.clock import local_today
from volunteer.records.models import RecordSource
from volunteer.records.totals import rebuild_totals
from volunteer.units.models import UnitKind

pytestmark = pytest.mark.browser

# (name, staff, of whom registered)
DEPARTMENTS = (
    ("神经内科", 6, 5),
    ("急诊科", 5, 2),
    ("儿科", 4, 4),
    ("检验科", 3, 1),
    ("护理部", 4, 3),
)


@pytest.fixture
def shots() -> Path:
    """Where screenshots go: PROGRESS_SCREENSHOTS to keep them elsewhere, else /tmp."""
    folder = Path(os.environ.get("PROGRESS_SCREENSHOTS") or "/tmp/progress-screens")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def hospital(db, org, make_unit, make_staff, make_volunteer, make_activity, make_account):
    """A hospital of five departments: people registered or not, hours spread over the months."""
    today = local_today()
    activity = make_activity(org["a"], "门诊导诊", starts_at=local_time(today.year, 1, 1, 9, 0))
    for number, (name, staff, registered) in enumerate(DEPARTMENTS, start=1):
        unit = make_unit(f"H-A-{number + 1:02d}", name, parent=org["a"], kind=UnitKind.DEPARTMENT)
        for index in range(staff):
            if index >= registered:
                make_staff(unit, f"{name}职工{index}")
                continue
            person = make_volunteer(unit, f"{name}志愿者{index}")
            for month in range(1, today.month + 1):
                hours = (number * 3 + index * 2 + month) % 9
                day = min(date(today.year, month, 10), today)
                if hours:
                    add_record(db, person, activity, day, str(hours))
            if index == 0:
                add_record(db, person, activity, today, "2.5", source=RecordSource.MAKE_UP)
                add_record(db, person, activity, date(today.year - 1, 12, 5), "4")
    rebuild_totals()
    db.session.commit()
    return {**org, "manager": make_account("mgr-a", Role.MANAGER, org["a"])}


def _charts_drawn(browser) -> list[dict]:
    """For each chart canvas: its data id, whether Chart.js owns it, and how much it painted."""
    return browser.execute_script(
        """
        return Array.from(document.querySelectorAll('canvas[data-chart]')).map(function (c) {
          var chart = window.Chart && Chart.getChart(c);
          var pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          var painted = 0;
          for (var i = 3; i < pixels.length; i += 4) { if (pixels[i]) painted++; }
          return {id: c.getAttribute('data-chart'), chart: !!chart, width: c.width,
                  height: c.height, painted: painted,
                  annotations: chart ? Object.keys(
                    chart.options.plugins.annotation.annotations).length : 0};
        });
        """
    )


def _wait_for_charts(browser) -> list[dict]:
    WebDriverWait(browser, 10).until(
        lambda b: (
            b.find_elements(By.CSS_SELECTOR, "canvas[data-chart-drawn]")
            and len(b.find_elements(By.CSS_SELECTOR, "canvas[data-chart-drawn]"))
            == len(b.find_elements(By.CSS_SELECTOR, "canvas[data-chart]"))
        )
    )
    return _charts_drawn(browser)


def _as_phone(browser) -> None:
    # Headless Chromium keeps windows at least 500px wide: emulate the phone's 390px instead.
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True},
    )


def _full_page_shot(browser, path: Path) -> None:
    """Save the whole page: the viewport is stretched to the page's height for the shot."""
    width, height = browser.execute_script(
        "return [window.innerWidth, document.documentElement.scrollHeight]"
    )
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 720},
    )
    browser.save_screenshot(str(path))
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_unit_page_draws_its_three_charts_on_an_office_screen(server, browser, hospital, shots):
    browser.set_window_size(1366, 900)
    log_in(browser, server, hospital["manager"].username)
    browser.get(f"{server}/progress/units/{hospital['a'].id}")
    charts = _wait_for_charts(browser)
    assert [chart["id"] for chart in charts] == [
        "chart-monthly-data",
        "chart-distribution-data",
        "chart-registration-data",
    ]
    for chart in charts:
        assert chart["chart"] and chart["width"] > 300 and chart["height"] > 150, chart
        assert chart["painted"] > 5000, chart  # bars, lines and text, not an empty canvas
    # Two day markers on the monthly chart, the target edge on the distribution, the target
    # rate on the registration chart: the annotation plugin is loaded and registered.
    assert [chart["annotations"] for chart in charts] == [2, 1, 1]
    assert browser.execute_script("return !!Chart.registry.plugins.get('annotation')")
    # The fetched months: bars up to this month, the running sum per person ending on D at the
    # unit's hours per person (674.5 h over 22 people on the page's cards).
    monthly = browser.execute_script(
        "var c = Chart.getChart(document.querySelector('[data-chart=chart-monthly-data]'));"
        "return {bars: c.data.datasets[0].data, last: c.data.datasets[1].data.slice(-1)[0]};"
    )
    per_person = browser.find_element(By.CSS_SELECTOR, ".progress-cards .stat:nth-child(5) b")
    assert round(monthly["last"]["y"], 2) == float(per_person.text)
    assert monthly["last"]["t"] == local_today().isoformat()
    assert len([bar for bar in monthly["bars"] if bar is not None]) == local_today().month
    assert console_errors(browser) == []
    assert browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth + 1"
    )
    # The twelve-column children table fits the office screen without scrolling sideways.
    assert browser.execute_script(
        "var w = document.querySelector('.progress-table').parentElement;"
        "return w.scrollWidth <= w.clientWidth + 1"
    )
    _full_page_shot(browser, shots / "progress-unit-1366.png")


def test_unit_page_fits_a_phone_and_its_charts_still_draw(server, browser, hospital, shots):
    log_in(browser, server, hospital["manager"].username)
    _as_phone(browser)
    browser.get(f"{server}/progress/units/{hospital['a'].id}")
    charts = _wait_for_charts(browser)
    assert all(chart["chart"] and chart["painted"] > 1000 for chart in charts)
    assert browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth + 1"
    )
    assert console_errors(browser) == []
    assert browser.execute_script("return window.innerWidth") == 390
    _full_page_shot(browser, shots / "progress-unit-phone.png")


def test_choosing_a_year_reloads_the_page_for_it(server, browser, hospital):
    browser.set_window_size(1366, 900)
    log_in(browser, server, hospital["manager"].username)
    browser.get(f"{server}/progress/units/{hospital['a'].id}?sort=approved_hours&dir=desc")
    _wait_for_charts(browser)
    last = local_today().year - 1
    Select(browser.find_element(By.ID, "year-picker")).select_by_value(str(last))
    WebDriverWait(browser, 10).until(lambda b: f"year={last}" in b.current_url)
    assert "sort=approved_hours" in browser.current_url
    assert f"{last}-12-31" in browser.find_element(By.CSS_SELECTOR, ".as-of").text


def test_department_page_draws_without_a_registration_chart(server, browser, hospital):
    browser.set_window_size(1366, 900)
    log_in(browser, server, hospital["manager"].username)
    browser.get(f"{server}/progress/units/{hospital['a1'].id}")
    charts = _wait_for_charts(browser)
    assert [chart["id"] for chart in charts] == ["chart-monthly-data", "chart-distribution-data"]
    assert console_errors(browser) == []
