"""The unit progress page and its JSON: the figures, the children table, sorting and drill-down.

On hospital A (progress_world): the cards show the unit's figures measured on today and its pace;
the children table adds up with the unit's own staff last, whatever column it is sorted by, its
column heads linking to the sorted page; children link down the tree and breadcrumbs only to
what the user may see; the commission's admin drills down to its hospitals; the page links the
people, breakdown and export pages; the JSON is what the progress command prints.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from progress_world import (
    _page,
    _text,
    hospital_fixture,  # noqa: F401 - the fixture is used by name
)

from volunteer.auth.models import Role
from volunteer.clock import local_today
from volunteer.progress.cli import JSON_KEYS
from volunteer.progress.cli import progress as progress_command


def _row_names(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    heads = re.findall(r'<th scope="row"[^>]*>(.*?)</th>', body, re.S)
    return [re.sub(r"<[^>]+>", "", head).strip() for head in heads]


def test_page_shows_the_units_figures_measured_on_today(client, login_as, hospital):
    login_as(hospital["manager"])
    html = _page(client, hospital["a"])
    text = _text(html)
    assert f"数据截至 {local_today().isoformat()}" in text
    cards = dict(re.findall(r'<span class="stat-label">(.*?)</span>\s*<b>(.*?)</b>', html, re.S))
    assert cards["在职人数"] == "5"
    assert cards["已注册"] == "4"
    assert cards["注册率"] == "80.0%"
    assert cards["审核通过时长"] == "96"
    assert cards["人均时长"] == "19.20"
    assert cards["达到目标的人数"] == "1"
    assert cards["补录时长"] == "8"
    assert cards["待审核时长"] == "2"
    assert cards["党员志愿服务"] == "50"
    assert "占在职人数 20.0%" in text
    assert "党员 1 人" in text
    assert "目标 48 · 测算进度" in text


def test_pace_badge_reads_the_units_standing(client, login_as, hospital):
    login_as(hospital["manager"])
    html = _page(client, hospital["a"])
    # 19.2 h per person against a pace of 48 × day/365: behind from 25 March on, on track
    # before about 18 February (the hours were served on 5 March or today).
    doy = local_today().timetuple().tm_yday
    days = 366 if local_today().year % 4 == 0 else 365
    pace = Decimal(48) * doy / days
    expected = (
        "进度正常"
        if Decimal("19.2") >= pace
        else ("存在风险" if Decimal("19.2") >= pace * Decimal("0.8") else "进度滞后")
    )
    card = html.split("pace-card", 1)[1].split("</div>", 1)[0]
    assert expected in card


def test_children_table_adds_up_and_keeps_own_staff_last(client, login_as, hospital):
    login_as(hospital["manager"])
    html = _page(client, hospital["a"])
    assert _row_names(html) == ["心内科", "儿科", "本级人员"]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html.split("<tbody>", 1)[1], re.S)
    cells = [re.findall(r'<td class="num[^"]*">(.*?)</td>', row) for row in rows]
    # 在职, 已注册, 注册率, 时长, 人均, 达标, 达标率, 补录, 待审核, 党员时长
    assert cells[0] == ["3", "2", "66.7%", "60", "20.00", "1", "33.3%", "8", "2", "50"]
    assert cells[1] == ["1", "1", "100.0%", "30", "30.00", "0", "0.0%", "0", "0", "0"]
    assert cells[2] == ["1", "1", "100.0%", "6", "6.00", "0", "0.0%", "0", "0", "0"]
    assert cells[3] == ["5", "4", "80.0%", "96", "19.20", "1", "20.0%", "8", "2", "50"]  # 合计


@pytest.mark.parametrize(
    ("sort", "direction", "expected"),
    [
        ("approved_hours", "asc", ["儿科", "心内科", "本级人员"]),
        ("approved_hours", "desc", ["心内科", "儿科", "本级人员"]),
        ("hours_per_person", "desc", ["儿科", "心内科", "本级人员"]),
        ("registration_rate", "asc", ["心内科", "儿科", "本级人员"]),
        ("unit", "desc", ["儿科", "心内科", "本级人员"]),
        ("no-such-column", "asc", ["心内科", "儿科", "本级人员"]),
    ],
)
def test_sorting_by_a_column_keeps_the_own_staff_row_last(
    client, login_as, hospital, sort, direction, expected
):
    login_as(hospital["manager"])
    html = _page(client, hospital["a"], sort=sort, dir=direction)
    assert _row_names(html) == expected


def test_column_heads_link_to_the_sorted_page_and_mark_the_current_sort(client, login_as, hospital):
    login_as(hospital["manager"])
    a, year = hospital["a"], hospital["year"]
    html = _page(client, a, sort="approved_hours", dir="desc")
    assert 'aria-sort="descending"' in html
    links = {}
    for href in re.findall(r'<a href="([^"]+)" class="sort-link">', html):
        url = urlsplit(unescape(href))
        query = parse_qs(url.query)
        assert url.path == f"/progress/units/{a.id}" and query["year"] == [str(year)]
        links[query["sort"][0]] = query["dir"][0]
    # The current column flips; another starts with its largest figures.
    assert links["approved_hours"] == "asc"
    assert links["headcount"] == "desc"
    assert links["unit"] == "asc"
    assert len(links) == 12


def test_children_link_down_the_tree_and_breadcrumbs_only_to_what_the_user_sees(
    client, login_as, hospital
):
    login_as(hospital["manager"])
    a, a1, year = hospital["a"], hospital["a1"], hospital["year"]
    html = _page(client, a)
    assert f'href="/progress/units/{a1.id}?year={year}"' in html
    assert f'href="/progress/units/{hospital["a2"].id}?year={year}"' in html
    crumbs = html.split('class="crumbs', 1)[1].split("</nav>", 1)[0]
    # The commission is above the manager's scope: named, not linked.
    assert "市卫生健康委员会" in crumbs
    assert f"/progress/units/{hospital['root'].id}" not in crumbs

    department = _page(client, a1)
    crumbs = department.split('class="crumbs', 1)[1].split("</nav>", 1)[0]
    assert f'href="/progress/units/{a.id}?year={year}"' in crumbs
    assert "本单位没有下级单位" in department


def test_commission_admin_drills_from_the_commission_to_its_hospitals(
    client, login_as, hospital, make_account
):
    login_as(make_account("city", Role.ADMIN, hospital["root"]))
    html = _page(client, hospital["root"])
    assert _row_names(html) == ["第一人民医院", "第二人民医院"]
    cards = dict(re.findall(r'<span class="stat-label">(.*?)</span>\s*<b>(.*?)</b>', html, re.S))
    assert cards["在职人数"] == "6"
    assert cards["审核通过时长"] == "116"


def test_page_links_the_people_breakdown_exports_and_each_childs_people(client, login_as, hospital):
    login_as(hospital["manager"])
    html = _page(client, hospital["a"])
    a, year = hospital["a"], hospital["year"]
    for path in (
        f"/progress/units/{a.id}/people?year={year}",
        f"/progress/units/{a.id}/breakdown?year={year}",
        f"/reports/units/{a.id}?year={year}",
        f"/progress/units/{a.id}.json?year={year}",
        f"/progress/units/{hospital['a1'].id}/people?year={year}",
        f"/progress/units/{hospital['a2'].id}/people?year={year}",
    ):
        assert f'href="{path}"' in html, path


def test_json_is_what_the_progress_command_prints(client, login_as, hospital, runner):
    login_as(hospital["manager"])
    a, year = hospital["a"], hospital["year"]
    response = client.get(f"/progress/units/{a.id}.json", query_string={"year": year})
    assert response.mimetype == "application/json"
    given = response.get_json()
    printed = runner.invoke(
        progress_command, ["--year", str(year), "--unit", "H-A", "--format", "json"]
    )
    assert printed.exit_code == 0, printed.output
    assert given == json.loads(printed.output)
    assert all(list(row) == list(JSON_KEYS) for row in given)
    assert given[0] == {
        "code": "H-A",
        "name": "第一人民医院",
        "headcount": 5,
        "registered": 4,
        "registration_rate": 0.8,
        "approved_hours": 96.0,
        "hours_per_person": 19.2,
        "meeting_target": 1,
        "pace_status": given[0]["pace_status"],
    }
    assert given[0]["pace_status"] in {"on_track", "at_risk", "behind"}
    # The unit itself, then its children; its own staff (钱七) are in its total only.
    assert [row["code"] for row in given] == ["H-A", "H-A-01", "H-A-02"]
