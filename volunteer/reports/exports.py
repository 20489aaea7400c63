"""Build the exports of a unit's year: fetch the rows in SQL and hand them to the documents.

Rows stream from the database (`yield_per`) straight into the write-only workbooks (sheets), so
a city's 30,000 people or a month of its records never sit in memory as ORM objects; the CSVs
are reports.streams'. Reads only: the one write, the audit entry of an export
with ID numbers, is reports.services'.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from decimal import Decimal
from typing import IO
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _

from volunteer.activities.models import activity_number
from volunteer.clock import local_today, local_zone
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.progress.figures import Measure, person_year
from volunteer.progress.queries.people import PeopleFilter
from volunteer.progress.queries.units import UnitFigures, progress_with_children
from volunteer.records.models import RECORD_SOURCE_LABELS
from volunteer.reports import sheets
from volunteer.reports.queries import count_rows, people_rows, service_records
from volunteer.units.models import Unit

BATCH = 2000

# What each people filter selects, named in the sheet's note.
FILTER_NOTES = {
    PeopleFilter.ALL: "全部在职人员",
    PeopleFilter.UNREGISTERED: "在职未注册人员",
    PeopleFilter.BEHIND_PACE: "落后于进度的人员",
    PeopleFilter.BELOW_TARGET: "未达到年度目标的人员",
    PeopleFilter.LEFT: "年内离职（退休）人员",
}


def report_title(unit: Unit, measure: Measure, subject: str, month: int | None = None) -> str:
    """Name a report: 示范市卫健委 2026 年志愿服务完成情况（数据截至 2026-11-23）."""
    period = f"{measure.year} 年 {month} 月" if month else f"{measure.year} 年"
    return f"{unit.name} {period}{subject}（数据截至 {measure.day.isoformat()}）"


def _targets_note(measure: Measure) -> str:
    rate = f"{measure.registration_target * 100:.0f}%"
    return (
        f"年度目标：注册率 {rate}，人均服务时长 {_number(measure.hours_target)} 小时；"
        f"截至 {measure.day.isoformat()} 的进度线为人均 {_number(measure.pace)} 小时。"
    )


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def write_summary_xlsx(out: str | IO[bytes], unit: Unit, measure: Measure) -> None:
    """Write the unit's figures and its children's (with a 本级 row for its own staff)."""
    total, children = progress_with_children(unit, measure)
    sheets.summary_workbook(
        out,
        report_title(unit, measure, "志愿服务完成情况"),
        _summary_row(total),
        [_summary_row(row) for row in children],
        note=_targets_note(measure) + "人员按统计日所在单位计算。",
    )


def _summary_row(figures: UnitFigures) -> tuple:
    name = f"{figures.name}（本级）" if figures.is_own_staff else figures.name
    return (
        figures.code,
        name,
        figures.headcount,
        figures.registered,
        figures.registration_rate,
        figures.approved_hours,
        figures.hours_per_person,
        figures.meeting_target,
        figures.meeting_share,
        figures.make_up_hours,
        figures.pending_hours,
        # The form goes up in Chinese: the label as written, not translated.
        figures.pace_status.label,
    )


def write_people_xlsx(
    out: str | IO[bytes],
    unit: Unit,
    measure: Measure,
    *,
    filter: str = "all",
    today=None,
) -> None:
    """Write one row per person of the unit's subtree on D (the benchmark's 30,000-row export)."""
    today = today or local_today()
    left = filter == PeopleFilter.LEFT
    query = people_rows(unit, measure, filter)
    result = db.session.execute(query.execution_options(yield_per=BATCH))

    def rows() -> Iterator[tuple]:
        for row in result:
            year = person_year(row.approved, row.make_up, row.pending, measure, today)
            # Floats: openpyxl writes them about a tenth faster than Decimals, and every
            # figure here has one decimal place, which a float keeps exactly as printed.
            yield (
                row.staff_no,
                row.name,
                row.unit_name,
                "是" if row.registered else "否",
                row.registered_on,
                float(year.approved),
                float(year.pending),
                float(year.make_up),
                # Someone who has left owes nothing more this year.
                None if left else float(year.needed),
                None if left or year.weekly_needed is None else float(year.weekly_needed),
            )

    sheets.people_workbook(
        out,
        report_title(unit, measure, "志愿者服务时长明细"),
        rows(),
        note=f"范围：{FILTER_NOTES[PeopleFilter.parse(filter)]}。" + _targets_note(measure),
    )


def write_records_xlsx(
    out: str | IO[bytes],
    unit: Unit,
    measure: Measure,
    month: int | None = None,
    *,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the approved records of the unit's headcount; return how many rows were written.

    Raises DomainError before writing anything when the rows would not fit in one sheet.
    A background job (volunteer/jobs/kinds.py) passes a higher `limit` and a `progress`.
    """
    query = service_records(unit, measure, month)
    total = count_rows(query)
    # Far below Excel's sheet limit: openpyxl writes ~4,000 rows a second, and a request must
    # finish well inside gunicorn's 30 s timeout. The CSV streams any size.
    limit = min(sheets.MAX_DATA_ROWS, limit or current_app.config["XLSX_RECORDS_MAX_ROWS"])
    if total > limit:
        raise DomainError(
            _(
                "服务记录共 %(count)d 条，超过 Excel 导出的上限 %(limit)d 条，"
                "请选择月份或下级单位分别导出，或导出 CSV。",
                count=total,
                limit=limit,
            ),
            code="too_many_rows",
            count=total,
            limit=limit,
        )
    zone = local_zone()
    result = db.session.execute(query.execution_options(yield_per=BATCH))
    rows = (
        (
            row.name,
            row.staff_no,
            row.unit_name,
            row.volunteer_no,
            activity_number(row.activity_id),
            row.title,
            row.category,
            row.service_date,
            *(moment.replace(tzinfo=None) if moment else None for moment in _served(row, zone)),
            row.hours,
            RECORD_SOURCE_LABELS.get(row.source, row.source),
        )
        for row in result
    )
    if progress is not None:
        rows = _counted(rows, total, progress)
    sheets.records_workbook(
        out,
        report_title(unit, measure, "志愿服务记录", month),
        rows,
        note=f"已审核通过的服务记录，共 {total} 条；开始、结束时间为计入时长的服务时段。",
    )
    return total


def _counted(rows: Iterator[tuple], total: int, progress: Callable[[int, int], None]):
    """Pass the rows on, telling `progress` how many went by every BATCH rows."""
    progress(0, total)
    for count, row in enumerate(rows, start=1):
        yield row
        if count % BATCH == 0:
            progress(count, total)
    progress(total, total)


def _served(row, zone: ZoneInfo) -> tuple[datetime, datetime | None]:
    """Return the local start and end of the time that counted: the session clipped to the
    activity (docs/rules.md §3.1), so the period always covers the hours it reports."""
    begin = max(row.signed_in_at, row.starts_at).astimezone(zone)
    end = min(row.signed_out_at, row.ends_at).astimezone(zone) if row.signed_out_at else None
    return begin, end
