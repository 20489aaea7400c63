"""The year of the unit progress page: the past, the current, the future and before any figures.

On hospital A (progress_world): a past year is measured on its 31 December; the year selector
runs from the year of the first record to this one; a year not yet begun says so and shows this
year, its JSON being not found; a year before any figures is not found, page and JSON alike.
"""

from __future__ import annotations

import re

import pytest
from progress_world import _page, _text, hospital_fixture  # noqa: F401 - the fixture is used by name

from volunteer.clock import local_today


def test_past_year_is_measured_on_31_december(client, login_as, hospital):
    login_as(hospital["manager"])
    last = hospital["year"] - 1
    html = _page(client, hospital["a"], year=last)
    assert f"数据截至 {last}-12-31（全年）" in _text(html)
    cards = dict(re.findall(r'<span class="stat-label">(.*?)</span>\s*<b>(.*?)</b>', html, re.S))
    assert cards["在职人数"] == "5"
    assert cards["已注册"] == "0"  # registered today, after that 31 December
    assert cards["审核通过时长"] == "30"
    assert cards["人均时长"] == "6.00"
    assert f'<option value="{last}" selected>' in html


def test_year_selector_runs_from_the_first_record_to_this_year(client, login_as, hospital):
    login_as(hospital["manager"])
    html = _page(client, hospital["a"])
    year = hospital["year"]
    options = re.findall(r'<option value="(\d+)"', html)
    assert options == [str(year), str(year - 1)]


def test_future_year_says_so_and_shows_this_year(client, login_as, hospital):
    login_as(hospital["manager"])
    a, year = hospital["a"], hospital["year"]
    response = client.get(f"/progress/units/{a.id}", query_string={"year": year + 1})
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"{year + 1} 年尚未开始" in html
    assert f"数据截至 {local_today().isoformat()}" in _text(html)
    for path in (f"/progress/units/{a.id}.json", f"/progress/units/{a.id}/months.json"):
        json_response = client.get(path, query_string={"year": year + 1})
        assert json_response.status_code == 404
        assert "尚未开始" in json_response.get_json()["error"]


@pytest.mark.parametrize("year", ["1999", "0", "-3"])
def test_year_before_any_figures_is_not_found(client, login_as, hospital, year):
    login_as(hospital["manager"])
    a = hospital["a"]
    assert client.get(f"/progress/units/{a.id}?year={year}").status_code == 404
    assert client.get(f"/progress/units/{a.id}.json?year={year}").status_code == 404
