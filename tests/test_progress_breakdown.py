"""A unit's approved hours by team, project, category, theme and party members, every figure
worked out by hand (tests/progress_people_world.py describes the organisation)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from progress_people_world import Y, people_world_fixture  # noqa: F401

from volunteer.auth.models import Role
from volunteer.progress.queries.breakdown import DIMENSIONS, unit_breakdown
from volunteer.progress.queries.units import unit_progress
from volunteer.progress.queries.years import measure_for


def table(result, dimension):
    """(name or None, hours, people, records) per row, in the page's order."""
    return [(row.name, row.hours, row.people, row.records) for row in result.rows[dimension]]


def h(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.1"))


@pytest.fixture
def hospital_a(people_world):
    return unit_breakdown(people_world.units["a"], measure_for(Y))


def test_total_counts_only_approved_hours_of_the_headcount(hospital_a):
    # 张一 36 + 王二 50 + 钱五 8; not the waiting 4 h, the rejected 5 h, 赵四 (left),
    # the external volunteer's 100 h, H-B's 周七 or 王二's hours of the year before.
    total = hospital_a.total
    assert (total.hours, total.people, total.records) == (h(94), 3, 6)


def test_total_agrees_with_the_progress_page(people_world, hospital_a):
    figures = unit_progress(people_world.units["a"], measure_for(Y))
    assert hospital_a.total.hours == figures.approved_hours


def test_by_team(hospital_a):
    assert table(hospital_a, "team") == [
        ("医院服务队", h(60), 2, 3),  # Act1 张一 10 + 王二 30, Act3 王二 20
        ("急诊服务队", h(8), 1, 1),  # Act4 钱五, served before his move, counted for H-A
        (None, h(26), 1, 2),  # Act2 张一 20 + make-up 6
    ]


def test_by_project(hospital_a):
    assert table(hospital_a, "project") == [
        ("健康进社区", h(40), 2, 2),
        ("急救培训", h(8), 1, 1),
        (None, h(46), 2, 3),  # Act2 26 (张一) and Act3 20 (王二)
    ]


def test_by_category(hospital_a):
    assert table(hospital_a, "category") == [
        ("义诊/健康咨询", h(48), 3, 3),  # Act1 40 + Act4 8
        ("健康宣教/科普", h(26), 1, 2),
        ("导诊陪诊", h(20), 1, 1),
    ]


def test_by_monthly_theme_names_the_month(hospital_a):
    rows = [
        (row.month, row.name, row.hours, row.people, row.records)
        for row in hospital_a.rows["theme"]
    ]
    assert rows == [
        (3, "学雷锋", h(40), 2, 2),
        (6, "健康宣教", h(20), 1, 1),
        (None, None, h(34), 2, 3),  # Act2 张一 26, Act4 钱五 8
    ]


def test_party_members_line_counts_probationary_members_but_not_other_parties(hospital_a):
    # 张一 (中共党员) 36 h in 3 records, 钱五 (中共预备党员) 8 h in 1; 王二 (农工党党员) not.
    party = hospital_a.party
    assert (party.hours, party.people, party.records) == (h(44), 2, 4)


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_every_dimension_adds_up_to_the_total(hospital_a, dimension):
    rows = hospital_a.rows[dimension]
    assert sum(row.hours for row in rows) == hospital_a.total.hours
    assert sum(row.records for row in rows) == hospital_a.total.records


def test_other_hospital_and_the_commission(people_world):
    measure = measure_for(Y)
    other = unit_breakdown(people_world.units["b"], measure)
    assert (other.total.hours, other.total.people) == (h(5), 1)  # 周七 only: 钱五 moved away
    whole = unit_breakdown(people_world.units["root"], measure)
    assert (whole.total.hours, whole.total.people, whole.total.records) == (h(99), 4, 7)


def test_the_year_before_counts_its_own_records_in_the_old_unit(people_world):
    # In Y-1 王二 has 7 h in H-A; 钱五 was in H-B-01 on 31 December Y-1 but served nothing.
    result = unit_breakdown(people_world.units["a"], measure_for(Y - 1))
    assert (result.total.hours, result.total.people) == (h(7), 1)


def test_an_empty_year_has_no_rows(people_world):
    result = unit_breakdown(people_world.units["a"], measure_for(Y - 5))
    assert result.total.hours == 0 and all(not rows for rows in result.rows.values())


# --- The page ----------------------------------------------------------------------------------


@pytest.fixture
def manager_a(org, make_account, login_as):
    account = make_account("mgr-a", Role.MANAGER, org["a"])
    login_as(account)
    return account


def test_breakdown_page_shows_each_dimension(client, people_world, manager_a):
    response = client.get(f"/progress/units/{people_world.units['a'].id}/breakdown?year={Y}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for heading in ("按志愿服务队", "按志愿服务项目", "按服务类别", "按月度主题", "党员志愿服务"):
        assert heading in html
    assert "未归入服务队" in html and "未归入项目" in html and "未归入月度主题" in html
    assert "3 月：学雷锋" in html
    party = html[html.index("党员（含预备党员）") :].split("</tr>")[0]
    assert re.findall(r'<td class="num">([^<]*)</td>', party) == ["44", "46.8%", "2", "2", "4"]


def test_breakdown_of_another_hospital_is_refused(client, people_world, manager_a):
    url = f"/progress/units/{people_world.units['b'].id}/breakdown?year={Y}"
    assert client.get(url).status_code == 403


def test_breakdown_of_a_future_year_turns_to_this_year(client, people_world, manager_a):
    url = f"/progress/units/{people_world.units['a'].id}/breakdown"
    response = client.get(f"{url}?year={Y + 3}")
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    assert "尚未开始" in client.get(url).get_data(as_text=True)
