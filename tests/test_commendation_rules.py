"""The commendation's pure rules by example: notice periods in working days, places by share,
citations counted as typed, attachments told by their bytes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from volunteer.commendation.rules import attachment_kind, citation_length, share_places
from volunteer.commendation.working_days import is_working_day, notice_period
from volunteer.reports.sheets import SIGNATURE_LABELS


@pytest.mark.parametrize(
    ("published", "days", "first", "last"),
    [
        (date(2026, 12, 2), 5, date(2026, 12, 2), date(2026, 12, 8)),  # Wed → next Tue
        (date(2026, 12, 4), 5, date(2026, 12, 4), date(2026, 12, 10)),  # Fri → next Thu
        (date(2026, 12, 5), 5, date(2026, 12, 7), date(2026, 12, 11)),  # Sat → Mon to Fri
        (date(2026, 12, 6), 1, date(2026, 12, 7), date(2026, 12, 7)),  # Sun, one day: Mon
        (date(2026, 12, 7), 10, date(2026, 12, 7), date(2026, 12, 18)),  # two whole weeks
        (date(2026, 12, 31), 3, date(2026, 12, 31), date(2027, 1, 4)),  # across New Year
    ],
)
def test_a_notice_counts_working_days_only(published, days, first, last):
    assert notice_period(published, days) == (first, last)


def test_holidays_and_worked_weekends_can_be_given():
    national_day = {date(2026, 10, day) for day in range(1, 8)}
    worked = {date(2026, 10, 10)}  # a Saturday worked in lieu
    assert notice_period(date(2026, 9, 30), 3, holidays=national_day, workdays=worked) == (
        date(2026, 9, 30),
        date(2026, 10, 9),
    )
    assert is_working_day(date(2026, 10, 10), workdays=worked)
    assert not is_working_day(date(2026, 10, 7), holidays=national_day)


def test_a_notice_lasts_at_least_a_day():
    with pytest.raises(ValueError):
        notice_period(date(2026, 12, 2), 0)


@pytest.mark.parametrize(
    ("registered", "percent", "places"),
    [
        (100, "5", 5),
        (119, "5", 5),  # 5.95 rounds down
        (120, "5", 6),
        (10, "5", 1),  # 0.5, but a unit with volunteers keeps one place
        (1, "0.1", 1),
        (0, "50", 0),  # no volunteers, no place
        (3, "100", 3),
    ],
)
def test_a_share_rounds_down_but_keeps_one_place(registered, percent, places):
    assert share_places(registered, Decimal(percent)) == places


@pytest.mark.parametrize(
    ("text", "length"),
    [("十年如一日", 5), ("一\r\n二", 3), ("一\n二", 3), ("䶮堃", 2), ("😀", 1)],
)
def test_a_citation_is_counted_as_typed(text, length):
    assert citation_length(text) == length


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", ("image/jpeg", "jpg")),
        (b"\x89PNG\r\n\x1a\n\x00", ("image/png", "png")),
        (b"%PDF-1.7\n", ("application/pdf", "pdf")),
        (b"GIF89a", None),
        (b"PK\x03\x04", None),
        (b"", None),
    ],
)
def test_an_attachment_is_known_by_its_magic_bytes(content, kind):
    assert attachment_kind(content) == kind


def test_the_final_list_keeps_a_citation_typed_like_a_formula_as_text():
    from io import BytesIO

    from openpyxl import load_workbook

    from volunteer.commendation.list_sheet import final_list_workbook

    content = final_list_workbook(
        sheet_name="拟表彰名单",
        title="2026年度优秀志愿者拟表彰名单",
        headers=("单位", "姓名", "主要事迹"),
        rows=[("第一人民医院", '=HYPERLINK("http://x")', "=1+1 坚持服务")],
    )

    sheet = load_workbook(BytesIO(content)).active
    assert sheet["B3"].data_type == "s" and sheet["B3"].value == '=HYPERLINK("http://x")'
    assert sheet["C3"].data_type == "s"
    assert [c.value for c in sheet[5] if c.value] == list(SIGNATURE_LABELS)
