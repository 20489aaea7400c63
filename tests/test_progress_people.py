"""A unit's people of a year and one person's year: figures worked out by hand, filters,
sorting, pages, and who may look (tests/progress_people_world.py describes the organisation)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from progress_people_world import ID_CARD, Y, people_world_fixture  # noqa: F401

from volunteer.auth.models import Role
from volunteer.extensions import db as _db
from volunteer.progress.queries.people import people_counts, people_of
from volunteer.progress.queries.person import unit_of_person_on, year_totals
from volunteer.progress.queries.years import measure_for
from volunteer.progress.views import people as people_views


@pytest.fixture
def manager_a(org, make_account, login_as):
    account = make_account("mgr-a", Role.MANAGER, org["a"])
    login_as(account)
    return account


def page(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.status_code
    return response.get_data(as_text=True)


def names_in(html: str) -> list[str]:
    """The people's names in table order (each links to their person page)."""
    return re.findall(r'/progress/people/\d+\?year=\d+">([^<]+)</a>', html)


def people_url(unit, **args) -> str:
    query = "&".join(f"{key}={value}" for key, value in {"year": Y, **args}.items())
    return f"/progress/units/{unit.id}/people?{query}"


# --- The queries -------------------------------------------------------------------------------


def test_counts_on_31_december_leave_out_who_left_and_outsiders(people_world):
    measure = measure_for(Y)
    hospital_a = people_counts(people_world.units["a"], measure)
    # Headcount 张一, 王二, 李三, 钱五; 李三 unregistered; below 48 h: 张一 36, 李三 0, 钱五 8.
    # A past year's pace is the whole target, so behind pace is below target.
    assert hospital_a == {
        "all": 4,
        "unregistered": 1,
        "behind_pace": 3,
        "below_target": 3,
        "left": 1,
    }
    assert people_counts(people_world.units["b"], measure) == {
        "all": 1,
        "unregistered": 0,
        "behind_pace": 1,
        "below_target": 1,
        "left": 0,
    }


def test_counts_in_mid_year_tell_pace_from_target(people_world):
    # On 2 July Y: day 183 of 365 (Y+1 may be leap; Y is not when it is 2025).
    measure = measure_for(Y, today=date(Y, 7, 2))
    days = 366 if Y % 4 == 0 else 365
    pace = Decimal(48) * date(Y, 7, 2).timetuple().tm_yday / days
    assert abs(measure.pace - pace) < Decimal("0.01")
    counts = people_counts(people_world.units["a"], measure)
    # 赵四 leaves in September, so he is still counted; pace ≈ 24: 李三 0, 钱五 8 and 赵四 12
    # are behind it, 张一's 36 is not, though below the year's 48.
    assert counts == {
        "all": 5,
        "unregistered": 1,
        "behind_pace": 3,
        "below_target": 4,
        "left": 0,
    }


@pytest.mark.parametrize("filter", ["all", "unregistered", "behind_pace", "below_target", "left"])
def test_each_count_is_the_length_of_its_list(people_world, filter):
    unit, measure = people_world.units["a"], measure_for(Y)
    listed = _db.session.execute(people_of(unit, measure, filter=filter)).all()
    assert len(listed) == people_counts(unit, measure)[filter]


def test_transferred_person_belonged_to_the_old_unit_before_the_move(people_world):
    qian = people_world.staff["钱五"]
    assert unit_of_person_on(qian, date(Y, 5, 31)).code == "H-B-01"
    assert unit_of_person_on(qian, date(Y, 6, 1)).code == "H-A-01"
    assert unit_of_person_on(qian, date(Y - 1, 12, 31)).code == "H-B-01"


def test_year_totals_keep_approved_make_up_and_pending_apart(people_world):
    totals = year_totals(people_world.accounts["张一"].id, Y)
    assert (totals.approved, totals.make_up, totals.pending) == (
        Decimal("36.0"),
        Decimal("6.0"),
        Decimal("4.0"),
    )
    assert totals.months[2] == 10 and totals.months[5] == 20 and totals.months[6] == 6
    assert sum(totals.months) == 36
    assert year_totals(None, Y).approved == 0


# --- The people page ---------------------------------------------------------------------------


def test_people_page_shows_each_persons_hours_and_needs(client, people_world, manager_a):
    html = page(client, people_url(people_world.units["a"], sort="approved", dir="desc"))
    assert names_in(html) == ["王二", "张一", "钱五", "李三"]
    zhang = html[html.index(">张一<") :].split("</tr>")[0]
    cells = re.findall(r'<td class="num">([^<]*)</td>', zhang)
    # approved, still needed, weekly (— for a past year), pending, make-up
    assert cells == ["36", "12", "—", "4", "6"]
    assert "进度滞后" in zhang  # 36 of 48 is 75%, under the 80% line
    wang = html[html.index(">王二<") :].split("</tr>")[0]
    assert re.findall(r'<td class="num">([^<]*)</td>', wang) == ["50", "0", "—", "0", "0"]
    assert "进度正常" in wang
    assert "赵四" not in html and "外来志愿者" not in html and "周七" not in html
    assert "全部在职 4" in html and "未注册 1" in html and "已离职 1" in html


def test_people_page_places_the_transferred_person_in_the_unit_of_31_december(
    client, people_world, manager_a
):
    html = page(client, people_url(people_world.units["a"], sort="name"))
    qian = html[html.index(">钱五<") :].split("</tr>")[0]
    assert "心内科" in qian and "8" in qian


@pytest.mark.parametrize(
    ("filter", "expected"),
    [
        ("all", ["李三", "张一", "王二", "钱五"]),
        ("unregistered", ["李三"]),
        ("behind_pace", ["李三", "张一", "钱五"]),
        ("below_target", ["李三", "张一", "钱五"]),
        ("left", ["赵四"]),
    ],
)
def test_people_filters(client, people_world, manager_a, filter, expected):
    # Sorted by unit code then 工号: H-A (李三 S003) before H-A-01 (S001, S002, S005).
    html = page(client, people_url(people_world.units["a"], filter=filter))
    assert names_in(html) == expected


@pytest.mark.parametrize(
    ("sort", "direction", "expected"),
    [
        ("staff_no", "asc", ["张一", "王二", "李三", "钱五"]),
        ("staff_no", "desc", ["钱五", "李三", "王二", "张一"]),
        ("approved", "asc", ["李三", "钱五", "张一", "王二"]),
        ("pending", "desc", ["张一", "王二", "李三", "钱五"]),
        ("make_up", "desc", ["张一", "王二", "李三", "钱五"]),
        ("nonsense", "asc", ["李三", "张一", "王二", "钱五"]),
    ],
)
def test_people_sorting(client, people_world, manager_a, sort, direction, expected):
    html = page(client, people_url(people_world.units["a"], sort=sort, dir=direction))
    assert names_in(html) == expected


def test_people_sorted_header_links_to_the_reverse_order(client, people_world, manager_a):
    html = page(client, people_url(people_world.units["a"], sort="approved", dir="desc"))
    assert 'aria-sort="descending"' in html
    assert "sort=approved&amp;dir=asc" in html


def test_people_are_paged(client, people_world, manager_a, monkeypatch):
    monkeypatch.setattr(people_views, "PEOPLE_PER_PAGE", 3)
    unit = people_world.units["a"]
    assert names_in(page(client, people_url(unit, page=1))) == ["李三", "张一", "王二"]
    second = page(client, people_url(unit, page=2))
    assert names_in(second) == ["钱五"]
    assert "第 2 / 2 页，共 4 条" in second
    assert names_in(page(client, people_url(unit, page=9))) == []
    assert names_in(page(client, people_url(unit, page=10**30))) == []


def test_people_page_never_shows_id_numbers(client, people_world, manager_a):
    html = page(client, people_url(people_world.units["a"]))
    assert ID_CARD not in html and ID_CARD[-4:] not in html


def test_people_page_of_a_future_year_turns_to_this_year(client, people_world, manager_a):
    response = client.get(people_url(people_world.units["a"], year=Y + 3))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/progress/units/{people_world.units['a'].id}/people"
    )
    assert "尚未开始" in page(client, response.headers["Location"])


def test_people_page_of_another_hospital_is_refused(client, people_world, manager_a):
    page(client, people_url(people_world.units["b"]), status=403)


# --- The person page ---------------------------------------------------------------------------


def person_url(person, year=Y) -> str:
    return f"/progress/people/{person.id}?year={year}"


def test_person_page_shows_the_year_by_month_category_and_record(client, people_world, manager_a):
    html = page(client, person_url(people_world.staff["张一"]))
    stats = re.findall(r"<b>([^<]*?)\s*(?:<small>|</b>)", html)
    assert stats[:5] == ["36", "6", "4", "12", "—"]
    assert "138****5678" in html and "13812345678" not in html
    assert ID_CARD not in html and "NV-张一" in html
    months = re.findall(r"<td>(\d+) 月</td>\s*<td class=\"num\">([^<]*)</td>", html)
    assert dict(months)["3"] == "10" and dict(months)["6"] == "20" and dict(months)["7"] == "6"
    assert dict(months)["1"] == "0"
    # By category: 健康宣教/科普 26 h in 2 records, then 义诊/健康咨询 10 h in 1.
    categories = re.findall(r"<tr><td>([^<]+)</td><td class=\"num\">([^<]+)</td>", html)
    assert categories[:2] == [("健康宣教/科普", "26"), ("义诊/健康咨询", "10")]
    # Every record of the year, the waiting and the rejected one too; not last year's.
    assert len(re.findall(r'href="/records/\d+"', html)) == 5
    assert "待审核" in html and "未通过" in html and "补录" in html


def test_person_without_login_has_an_empty_year(client, people_world, manager_a):
    html = page(client, person_url(people_world.staff["李三"]))
    assert "未注册" in html and "没有服务记录" in html


def test_person_who_left_is_shown_as_not_counted(client, people_world, manager_a):
    html = page(client, person_url(people_world.staff["赵四"]))
    assert "不计入单位的人数和时长" in html


def test_person_of_another_hospital_is_refused(client, people_world, manager_a):
    page(client, person_url(people_world.staff["周七"]), status=403)


def test_old_units_manager_sees_a_transferred_persons_past_year_only(
    client, people_world, make_account, login_as
):
    login_as(make_account("mgr-b", Role.MANAGER, people_world.units["b"]))
    qian = people_world.staff["钱五"]
    # On 31 December Y-1 钱五 was in H-B-01; on 31 December Y (and today) in H-A-01.
    html = page(client, person_url(qian, Y - 1))
    assert "钱五" in html
    page(client, person_url(qian, Y), status=403)
    page(client, person_url(qian, Y + 1), status=403)


def test_new_units_manager_sees_the_persons_year_before_the_move(client, people_world, manager_a):
    html = page(client, person_url(people_world.staff["钱五"]))
    assert "急救培训" in html  # served in April at H-B's activity, counted for H-A
    assert len(re.findall(r'href="/records/\d+"', html)) == 1


def test_person_page_of_a_future_year_turns_to_this_year(client, people_world, manager_a):
    zhang = people_world.staff["张一"]
    response = client.get(person_url(zhang, Y + 3))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/progress/people/{zhang.id}")


def test_person_page_before_any_data_is_not_found(client, people_world, manager_a):
    page(client, person_url(people_world.staff["张一"], 1990), status=404)
