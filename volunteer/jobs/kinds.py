"""The job kinds of the registry itself: a records workbook above the synchronous limit.

Other features register theirs in <feature>/job_kinds.py (loaded by tasks.load_kinds).
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _

from volunteer.auth.models import Account
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.jobs import services
from volunteer.jobs.models import Job
from volunteer.jobs.registry import JobContext, Result, task_kind
from volunteer.reports import exports, sheets
from volunteer.reports.queries import count_rows, report_measure, service_records
from volunteer.texts import N_
from volunteer.units.models import Unit

RECORDS_XLSX = "records.xlsx"


def records_filename(unit: Unit, year: int, month: int | None) -> str:
    """Name the workbook as the synchronous download does: 单位-2026-03-服务记录.xlsx."""
    period = f"{year}-{month:02d}" if month else f"{year}"
    name = "".join("-" if ch in '\\/:*?"<>|' else ch for ch in unit.name)
    return f"{name}-{period}-服务记录.xlsx"


def submit_records_export(
    unit: Unit, *, year: int | None, month: int | None, by: Account
) -> Job | None:
    """Queue the records workbook of a unit's year or month when it is too big for a request.

    Returns None when the rows fit the synchronous download (the caller sends it there).
    """
    measure = report_measure(year)
    rows = count_rows(service_records(unit, measure, month))
    if rows <= current_app.config["XLSX_RECORDS_MAX_ROWS"]:
        return None
    if rows > sheets.MAX_DATA_ROWS:
        raise DomainError(
            _(
                "服务记录共 %(count)d 条，超过一张 Excel 工作表的上限 %(limit)d 条，"
                "请按月份导出，或导出 CSV。",
                count=rows,
                limit=sheets.MAX_DATA_ROWS,
            ),
            code="too_many_rows",
        )
    params = {"unit_id": unit.id, "year": measure.year, "month": month, "rows": rows}
    return services.submit(RECORDS_XLSX, params, by=by, unit_id=unit.id)


@task_kind(RECORDS_XLSX, retries=1, label=N_("服务记录 Excel"))
def write_records_workbook(params: dict[str, Any], job: JobContext) -> Result:
    """Write a unit's approved records of a year or month to one workbook, up to a full sheet."""
    unit = db.session.get(Unit, params["unit_id"])
    if unit is None:
        raise DomainError(_("单位不存在。"))
    measure = report_measure(params["year"])
    month = params.get("month")
    path = job.scratch(".xlsx")
    written = exports.write_records_xlsx(
        str(path), unit, measure, month, limit=sheets.MAX_DATA_ROWS, progress=job
    )
    job.note(_("共 %(n)d 条服务记录。", n=written))
    return records_filename(unit, measure.year, month), path
