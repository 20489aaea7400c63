"""Clipping and midnight in a record import (docs/rules.md §3.1, §3.6): a row reaching outside its
activity is clipped like a scan and listed as clipped, a row with no time inside is refused, a
night row crosses midnight (by end time or hours, which must agree), and an end before the start
is refused when the activity does not span midnight."""

from datetime import date
from decimal import Decimal

import pytest
from conftest import local_time
from import_records_world import (  # noqa: F401 - the fixtures are used by name
    morning_fixture,
    records,
    rejected,
    row,
    run,
    world_fixture,
)

from volunteer.records.models import RecordStatus


@pytest.fixture
def night(org, make_activity):
    return make_activity(org["a"], "夜间急救保障", starts_at=local_time(2026, 3, 7, 22, 0), hours=8)


def test_a_row_reaching_outside_the_activity_is_clipped_like_a_scan(db, world, morning):
    summary = run([row(world["zhang"], morning, "07:30", "12:40", day="2026-03-07")])

    (record,) = records(db)
    assert record.signed_in_at == local_time(2026, 3, 7, 7, 30)
    assert record.signed_out_at == local_time(2026, 3, 7, 12, 40)
    assert (record.credited_minutes, record.hours) == (240, Decimal("4"))
    assert record.status == RecordStatus.APPROVED
    (clipped,) = summary.clipped
    assert (clipped.row, clipped.name, clipped.activity) == (2, "张三", morning.number)
    assert (clipped.day, clipped.change) == ("2026-03-07", "07:30–12:40 → 08:00–12:00")
    assert clipped.hours == Decimal("4")


def test_only_the_rows_that_reach_outside_are_listed_as_clipped(db, world, morning):
    summary = run(
        [
            row(world["zhang"], morning, "08:00", "10:00", day="2026-03-07"),
            row(world["li"], morning, "08:00", "12:30", day="2026-03-07"),
        ]
    )
    assert summary.created == 2
    assert [(c.row, c.change) for c in summary.clipped] == [(3, "08:00–12:30 → 08:00–12:00")]


def test_a_row_with_no_time_inside_the_activity_is_refused(db, world, morning):
    errors = rejected([row(world["zhang"], morning, "13:00", "15:00", day="2026-03-07")])
    assert errors == [
        (2, "开始时间", "服务时间不在活动时间内（2026-03-07 08:00–2026-03-07 12:00）")
    ]


@pytest.mark.parametrize(
    ("end_column", "end"),
    [
        pytest.param("结束时间", "02:00", id="22:00–02:00"),
        pytest.param("时长", "4", id="22:00 + 4 h"),
    ],
)
def test_a_night_row_crosses_midnight(db, world, night, end_column, end):
    header = ["姓名", "工号", "活动编号", "日期", "开始时间", end_column]
    line = ["张三", world["zhang"].username, night.number, "2026-03-07", "22:00", end]
    summary = run([line], header)

    (record,) = records(db)
    assert summary.clipped == []
    assert record.signed_in_at == local_time(2026, 3, 7, 22, 0)
    assert record.signed_out_at == local_time(2026, 3, 8, 2, 0)
    assert record.service_date == date(2026, 3, 7) and record.hours == Decimal("4")


def test_a_night_row_with_end_and_hours_must_agree(db, world, night):
    header = ["姓名", "工号", "活动编号", "日期", "开始时间", "结束时间", "时长"]
    line = ["张三", world["zhang"].username, night.number, "2026-03-07", "21:00", "02:00"]
    assert run([[*line, "5"]], header).created == 1
    errors = rejected([[*line[:4], "23:00", "02:00", "4"]], header)
    assert errors == [(2, "时长", "时长与开始、结束时间不一致")]


def test_an_end_before_the_start_is_refused_when_the_activity_does_not_span_midnight(
    db, world, morning
):
    errors = rejected([row(world["zhang"], morning, "11:00", "09:00", day="2026-03-07")])
    assert errors == [(2, "结束时间", "结束时间早于开始时间，且该活动不跨午夜。")]
