"""Progress charts as plain data for progress.js: series, target lines, day markers, texts.

Chart.js places the middle of category i at i + 0.5 on an axis running from 0 to the number of
categories, so markers between categories (3月5日, the target bucket's edge) are given as
fractional positions on that axis; progress.js draws them on a hidden linear axis laid over it.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal
from itertools import pairwise

from flask_babel import format_date, format_percent
from flask_babel import gettext as _

from volunteer.core.numbers import format_hours, format_per_person
from volunteer.progress import figures
from volunteer.progress.figures import Measure
from volunteer.progress.queries.breakdown import Breakdown
from volunteer.progress.queries.headcount import DISTRIBUTION_EDGES
from volunteer.progress.queries.units import ZERO, UnitFigures
from volunteer.texts import N_

# The two days Chinese volunteer work is organised around; the monthly chart marks both.
MARKED_DAYS = ((3, 5, N_("3月5日 学雷锋日")), (12, 5, N_("12月5日 国际志愿者日")))


def _number(value: Decimal) -> float:
    return float(value)


def month_position(day: date, *, end_of_day: bool = False) -> float:
    """Place a day on the month axis: 0 is 1 January 00:00, 12 is the end of 31 December."""
    days = calendar.monthrange(day.year, day.month)[1]
    into = day.day if end_of_day else day.day - 0.5
    return round(day.month - 1 + into / days, 4)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def monthly(total: UnitFigures, measure: Measure, hours_url: str) -> dict:
    """The monthly chart but for its hours, which progress.js fetches from `hours_url`.

    The months cost a second pass over the headcount; fetched apart, they never slow the page.
    progress.js draws the month's hours as bars and their running sum per person, up to D,
    against the pace line.
    """
    year, day = measure.year, measure.day
    start = {"x": 0, "y": 0, "t": date(year, 1, 1).isoformat()}
    pace_line = figures.monthly_pace_line(measure.hours_target, year)
    pace = [start] + [
        {"x": month, "y": _number(value), "t": _month_end(year, month).isoformat()}
        for month, value in enumerate(pace_line, start=1)
    ]
    markers = [
        {"at": month_position(date(year, month, day_of_month)), "label": _(label)}
        for month, day_of_month, label in MARKED_DAYS
    ]
    return {
        "kind": "monthly",
        "src": hours_url,
        "labels": [format_date(date(year, m, 1), "MMM") for m in range(1, 13)],
        "headcount": total.headcount,
        # The running sum's last point stands on D itself: its hours so far, not a whole month's.
        "day": {"month": day.month, "at": month_position(day, end_of_day=True), "t": str(day)},
        "monthEnds": [_month_end(year, month).isoformat() for month in range(1, 13)],
        "bars": {"label": _("当月审核通过时长（合计）")},
        "cumulative": {"label": _("人均累计时长")},
        "pace": {"label": _("测算进度（人均）"), "points": pace},
        "markers": markers,
        "axes": {"hours": _("合计小时"), "perPerson": _("人均小时")},
        "failed": _("每月时长没有加载成功，请刷新页面。"),
        "summary": _monthly_summary(total, measure),
    }


def monthly_hours_json(months: list[Decimal], measure: Measure) -> dict:
    """The hours of each month for the monthly chart; months after D are null, not zero."""
    last = measure.day.month
    return {
        "year": measure.year,
        "day": measure.day.isoformat(),
        "hours": [_number(h) if m <= last else None for m, h in enumerate(months, start=1)],
    }


def _monthly_summary(total: UnitFigures, measure: Measure) -> str:
    return _(
        "截至 %(day)s 共审核通过 %(hours)s 小时，人均 %(per)s 小时，测算进度为人均 %(pace)s 小时。",
        day=measure.day.isoformat(),
        hours=format_hours(total.approved_hours),
        per=format_per_person(total.hours_per_person),
        pace=format_per_person(measure.pace),
    )


def target_position(target: Decimal) -> float:
    """Place the hours target on the distribution's axis: the buckets are 0, (0,12), [12,24) …"""
    edges = DISTRIBUTION_EDGES
    if target <= edges[0]:
        return 1.0
    for index, (lower, upper) in enumerate(pairwise(edges), start=1):
        if lower <= target < upper:
            return round(index + float((target - lower) / (upper - lower)), 4)
    return float(len(edges))


def distribution(buckets: list[tuple[str, int]], total: UnitFigures, measure: Measure) -> dict:
    """People by approved hours in buckets, those reaching the target in the "ok" tone."""
    position = target_position(measure.hours_target)
    # A bucket reaches the target when it starts at or after the target's position.
    tones = ["ok" if index >= position else "warn" for index in range(len(buckets))]
    without = buckets[0][1] if buckets else 0
    return {
        "kind": "bar",
        "labels": [label for label, _count in buckets],
        "series": [{"label": _("人数"), "values": [n for _label, n in buckets], "tones": tones}],
        "categoryTitle": _("审核通过时长（小时）"),
        "valueTitle": _("人数"),
        "integer": True,
        "markers": [
            {"at": position, "label": _("目标 %(h)s 小时", h=format_hours(measure.hours_target))}
        ],
        "summary": _(
            "在职 %(n)d 人中，达到 %(h)s 小时目标的 %(met)d 人（%(share)s），"
            "尚无审核通过时长的 %(zero)d 人。",
            n=total.headcount,
            h=format_hours(measure.hours_target),
            met=total.meeting_target,
            share=format_percent(total.meeting_share or 0, "#,##0.0%"),
            zero=without,
        ),
    }


def registration(rows: list[UnitFigures], measure: Measure) -> dict | None:
    """Each child unit's registration rate as a sideways bar, against the target rate."""
    children = [row for row in rows if not row.is_own_staff]
    if not children:
        return None
    target = measure.registration_target
    met = [row for row in children if row.registration_met]
    lowest = min(children, key=lambda row: row.registration_rate or ZERO)
    return {
        "kind": "bar",
        "horizontal": True,
        "percent": True,
        "max": max(100.0, _number(target * 100)),
        "labels": [row.name for row in children],
        "series": [
            {
                "label": _("注册率"),
                "values": [_number((row.registration_rate or ZERO) * 100) for row in children],
                "tones": ["ok" if row.registration_met else "warn" for row in children],
            }
        ],
        "valueTitle": _("注册率（%）"),
        "target": {"value": _number(target * 100), "label": _("目标 %(rate)s", rate=_rate(target))},
        "summary": _(
            "%(n)d 个下级单位中 %(met)d 个达到注册率目标 %(target)s；"
            "最低的是%(name)s（%(rate)s）。",
            n=len(children),
            met=len(met),
            target=_rate(target),
            name=lowest.name,
            rate=_rate(lowest.registration_rate or ZERO),
        ),
    }


def _rate(value: Decimal) -> str:
    return format_percent(value, "#,##0.#%")


def person_months(measure: Measure, months: list[Decimal]) -> dict:
    """A person's approved hours per month as a bar chart, 3月5日 and 12月5日 marked."""
    year = measure.year
    shown = [float(h) if m <= measure.day.month else None for m, h in enumerate(months, start=1)]
    busiest = max(range(12), key=lambda index: months[index])
    return {
        "kind": "bar",
        "labels": [format_date(date(year, month, 1), "MMM") for month in range(1, 13)],
        "series": [{"label": _("审核通过时长（小时）"), "values": shown}],
        "valueTitle": _("时长"),
        "markers": [
            {"at": month_position(date(year, month, day)), "label": _(label)}
            for month, day, label in MARKED_DAYS
        ],
        "summary": _(
            "%(year)d 年每月审核通过时长；最多的是%(month)s（%(hours)s 小时）。",
            year=year,
            month=format_date(date(year, busiest + 1, 1), "MMMM"),
            hours=format_hours(months[busiest]),
        )
        if months[busiest] > 0
        else _("%(year)d 年还没有审核通过的时长。", year=year),
    }


def categories(result: Breakdown) -> dict | None:
    """Hours by service category as a sideways bar chart."""
    rows = result.rows["category"]
    if not rows:
        return None
    top = rows[0]
    return {
        "kind": "bar",
        "horizontal": True,
        "labels": [row.name or _("未分类") for row in rows],
        "series": [{"label": _("时长"), "values": [float(row.hours) for row in rows]}],
        "valueTitle": _("审核通过时长（小时）"),
        "summary": _(
            "%(n)d 个服务类别共 %(hours)s 小时；最多的是%(name)s（%(top)s 小时）。",
            n=len(rows),
            hours=format_hours(result.total.hours),
            name=top.name,
            top=format_hours(top.hours),
        ),
    }
