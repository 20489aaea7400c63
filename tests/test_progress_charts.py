"""The unit page's charts: the data each chart draws, fetched months, local scripts only, and
the same few statements however many children a unit has (no N+1).

The organisation is progress_world.py's hospital: H-A with 5 in service, 96 h this year
(30 h of them by 周九 in 儿科, 50 h by 李四 in 心内科), 30 h by 李四 last year.
"""

from __future__ import annotations

import re

from progress_world import _chart, _day, _page, hospital_fixture  # noqa: F401
from statements import sent_statements
from static_names import static_path

from volunteer.clock import local_today
from volunteer.units.models import UnitKind


def test_months_of_a_past_year_run_to_december(client, login_as, hospital):
    login_as(hospital["manager"])
    a, last = hospital["a"], hospital["year"] - 1
    response = client.get(f"/progress/units/{a.id}/months.json", query_string={"year": last})
    assert response.get_json() == {
        "year": last,
        "day": f"{last}-12-31",
        "hours": [0.0] * 5 + [30.0] + [0.0] * 6,
    }


def test_charts_carry_the_months_the_distribution_and_the_childrens_rates(
    client, login_as, hospital
):
    login_as(hospital["manager"])
    html = _page(client, hospital["a"])
    year, today = hospital["year"], local_today()

    monthly = _chart(html, "monthly")
    assert monthly["kind"] == "monthly"
    assert monthly["headcount"] == 5
    assert monthly["day"]["t"] == today.isoformat() and monthly["day"]["month"] == today.month
    assert monthly["pace"]["points"][-1] == {"x": 12, "y": 48.0, "t": f"{year}-12-31"}
    labels = [marker["label"] for marker in monthly["markers"]]
    assert labels == ["3月5日 学雷锋日", "12月5日 国际志愿者日"]
    assert 2 < monthly["markers"][0]["at"] < 2.2  # early in March (index 2 = March)
    # The hours come apart, from the months endpoint; months after D are null, not zero.
    hours = client.get(monthly["src"]).get_json()["hours"]
    assert hours[_day(year).month - 1] == 96.0
    assert sum(h for h in hours if h) == 96.0
    assert hours[today.month :] == [None] * (12 - today.month)

    distribution = _chart(html, "distribution")
    # 赵六 0; 王五 10 in (0,12); 钱七 6 in (0,12); 周九 30 in [24,36); 李四 50 in [48,72).
    assert distribution["series"][0]["values"] == [1, 2, 0, 1, 0, 1, 0, 0]
    assert distribution["markers"] == [{"at": 5.0, "label": "目标 48 小时"}]
    assert distribution["series"][0]["tones"][4:6] == ["warn", "ok"]

    registration = _chart(html, "registration")
    assert registration["labels"] == ["心内科", "儿科"]  # the children, not the own staff
    assert registration["series"][0]["values"] == [66.67, 100.0]
    assert registration["target"]["value"] == 100.0
    assert "2 个下级单位中 1 个达到注册率目标" in registration["summary"]


def test_charts_load_only_local_scripts(client, login_as, hospital):
    login_as(hospital["manager"])
    html = _page(client, hospital["a"])
    sources = re.findall(r'<script (?:type="module" )?src="([^"]+)"', html)
    # The layout's own scripts come first; the charts' follow, in this order.
    assert sources[-3:] == [
        static_path("vendor/chart.umd.min.js"),
        static_path("vendor/chartjs-plugin-annotation.min.js"),
        static_path("js/progress.js"),
    ]
    # Deferred scripts and modules run in document order: Chart.js is there before progress.js.
    assert f'<script type="module" src="{static_path("js/progress.js")}">' in html
    assert "<script>" not in html  # no inline code: data only, in application/json blocks


def test_page_and_json_send_the_same_statements_however_many_children(
    client, login_as, hospital, make_unit, make_volunteer, app
):
    login_as(hospital["manager"])
    a = hospital["a"]

    def count(url: str) -> int:
        from volunteer.extensions import db

        # The test shares the request's session: start each request from an empty one.
        db.session.remove()
        with sent_statements(db.engine) as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    urls = [f"/progress/units/{a.id}", f"/progress/units/{a.id}.json"]
    urls.append(f"/progress/units/{a.id}/months.json")
    before = [count(url) for url in urls]
    for number in range(3, 9):
        unit = make_unit(f"H-A-{number:02d}", f"科室{number}", parent=a, kind=UnitKind.DEPARTMENT)
        make_volunteer(unit, f"职工{number}")
    after = [count(url) for url in urls]
    assert after == before
    assert before[0] <= 12
