"""Read one import row's day, times and length in hours, as people and spreadsheets write them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from volunteer.activities.models import Activity
from volunteer.clock import local_zone
from volunteer.people.validation import fold_width, parse_date
from volunteer.records import rules
from volunteer.records.services.checks import rule_message

NAME, STAFF_NO, PHONE = "姓名", "工号", "手机号"
NUMBER, TITLE = "活动编号", "活动名称"
DATE, BEGIN, END, LENGTH = "日期", "开始时间", "结束时间", "时长"

_TIME = re.compile(r"^(\d{1,2})[:：点时](\d{2})(?:[:：分](\d{2}))?秒?$")
_HOURS_SUFFIXES = ("小时", "H", "h")
MAX_SESSION_HOURS = Decimal(24)


def read_day(values: dict[str, str], fail) -> date | None:
    text = fold_width(values.get(DATE))
    if not text:
        fail(DATE, "", _("日期不能为空"))
        return None
    day = parse_date(text)
    if day is None:
        fail(DATE, text, _("日期无法识别，请写成 2026-03-05"))
    return day


@dataclass(frozen=True)
class SheetTimes:
    """A row's aware start, its end as written (on the row's day), and the end its 时长 gives."""

    begin: datetime
    written_end: datetime | None
    by_length: datetime | None


def read_times(values: dict[str, str], day: date | None, fail) -> SheetTimes | None:
    """Read 开始时间, and 结束时间 or 时长; None when the row's problem was reported."""
    begin_at = _time_of(BEGIN, values, fail, required=True)
    end_at = _time_of(END, values, fail, required=False)
    hours = _hours(values, fail)
    if not fold_width(values.get(END)) and not fold_width(values.get(LENGTH)):
        column = END if END in values else LENGTH
        fail(column, "", _("结束时间和时长至少填写一项"))
    if day is None or begin_at is None or (end_at is None and hours is None):
        return None
    zone = local_zone()
    begin = datetime.combine(day, begin_at, tzinfo=zone)
    return SheetTimes(
        begin=begin,
        written_end=datetime.combine(day, end_at, tzinfo=zone) if end_at is not None else None,
        by_length=begin + timedelta(minutes=int(hours * 60)) if hours is not None else None,
    )


def settle_times(
    times: SheetTimes, activity: Activity | None, values: dict[str, str], fail
) -> tuple[datetime, datetime] | None:
    """Return the session's start and end, reading an end written before the start as the
    next morning's at a night activity (records.rules.sheet_row_end); None when refused."""
    end = times.written_end
    if end is None:
        end = times.by_length
    elif activity is not None:
        try:
            end = rules.sheet_row_end(
                times.begin, end, activity.starts_at, activity.ends_at, local_zone()
            )
        except rules.RuleBroken as error:
            fail(END, values.get(END, ""), rule_message(error))
            return None
    elif end <= times.begin:  # the activity decides how to read it; its own error is listed
        return None
    if end is None:  # read_times answers only rows with an end or a length
        return None
    if times.by_length is not None and end != times.by_length:
        fail(LENGTH, values.get(LENGTH, ""), _("时长与开始、结束时间不一致"))
        return None
    return times.begin, end


def _time_of(column: str, values: dict[str, str], fail, *, required: bool) -> time | None:
    text = fold_width(values.get(column))
    if not text:
        if required:
            fail(column, "", _("%(column)s不能为空", column=column))
        return None
    parsed = parse_time(text)
    if parsed is None:
        fail(column, text, _("时间无法识别，请写成 09:30"))
    return parsed


def parse_time(text: str) -> time | None:
    """Read a time of day as written (9:30, 09:30:00, 9点30) or as Excel stores it (0.395833)."""
    text = fold_width(text)
    if " " in text:  # an Excel time cell read with its 1899-12-30 date
        text = text.rsplit(" ", 1)[1]
    match = _TIME.match(text)
    if match:
        hour, minute, second = (int(part or 0) for part in match.groups())
        if hour < 24 and minute < 60 and second < 60:
            return time(hour, minute)
        return None
    try:
        fraction = Decimal(text)
    except InvalidOperation:
        return None
    if 0 <= fraction < 1:  # a day's fraction, as a time cell formatted "General" shows
        minutes = int((fraction * 1440).to_integral_value())
        return time(minutes // 60 % 24, minutes % 60)
    return None


def _hours(values: dict[str, str], fail) -> Decimal | None:
    text = fold_width(values.get(LENGTH))
    if not text:
        return None
    number = text
    for suffix in _HOURS_SUFFIXES:
        number = number.removesuffix(suffix).strip()
    try:
        hours = Decimal(number)
    except InvalidOperation:
        hours = None
    if hours is None or not hours.is_finite() or not 0 < hours <= MAX_SESSION_HOURS:
        fail(LENGTH, text, _("时长应为小时数，如 2.5"))
        return None
    return hours
