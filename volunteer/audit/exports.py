"""The audit log as an .xlsx file: the rows the page shows, every page of them, in Chinese.

Entries stream from the database in batches (`yield_per`); each batch is named with one
statement per kind (read_entries) and goes straight into the write-only sheet.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from volunteer.audit.filters import LogFilter
from volunteer.audit.labels import CATEGORIES
from volunteer.audit.reading import read_entries
from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import scope_roots
from volunteer.clock import local_zone, utc_now
from volunteer.core.times import local_datetime
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.reports import sheets

BATCH = 500


def count_entries(query: Select) -> int:
    """Count the entries a log query selects (every page)."""
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


def check_exportable(total: int) -> None:
    """Refuse, before anything is written, a log too long for one request to write."""
    # openpyxl writes a few thousand rows a second and a request must end within the server's
    # timeout: the limit of the records export holds for the log too.
    limit = min(sheets.MAX_DATA_ROWS, current_app.config["XLSX_RECORDS_MAX_ROWS"])
    if total > limit:
        raise DomainError(
            _(
                "审计日志共 %(count)d 条，超过 Excel 导出的上限 %(limit)d 条，"
                "请缩小日期范围或选择类别后分别导出。",
                count=total,
                limit=limit,
            ),
            code="too_many_rows",
            count=total,
            limit=limit,
        )


def write_log_xlsx(
    out: str | IO[bytes], query: Select, *, viewer: Account, log_filter: LogFilter, total: int
) -> None:
    """Write the entries `query` selects, newest first, with the filters named in the note."""
    # A file for inspectors and the level above: Chinese whatever language the pages are in.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        sheets.audit_workbook(
            out,
            f"{_scope_name(viewer)}审计日志",
            _rows(query),
            note=_note(log_filter, viewer, total),
        )


def _rows(query: Select) -> Iterator[tuple]:
    zone = local_zone()
    result = db.session.scalars(query.execution_options(yield_per=BATCH))
    for batch in result.partitions():
        for entry in read_entries(batch):
            yield (
                entry.at.astimezone(zone).replace(tzinfo=None, microsecond=0),
                entry.actor,
                entry.action,
                f"{entry.subject_kind}：{entry.subject}" if entry.subject else entry.subject_kind,
                entry.unit,
                # One change a line, as the page lists them: 状态：待审核 → 已通过
                "\n".join(f"{change.label}：{change.shown}" for change in entry.changes),
                entry.reason,
                entry.remote_addr,
            )


def _scope_name(viewer: Account) -> str:
    roots = scope_roots(viewer, Role.MANAGER)
    return "、".join(root.name for root in roots) + " " if roots else ""


def _note(log_filter: LogFilter, viewer: Account, total: int) -> str:
    """Say what the file holds: the filters, how many entries, who exported it and when."""
    parts = []
    if log_filter.category:
        parts.append(f"类别：{CATEGORIES[log_filter.category].label}")
    if log_filter.since or log_filter.until:
        since = log_filter.since.isoformat() if log_filter.since else "…"
        until = log_filter.until.isoformat() if log_filter.until else "…"
        parts.append(f"日期：{since} 至 {until}")
    if log_filter.person:
        parts.append(f"人员：{log_filter.person}")
    shown = "；".join(parts) if parts else "全部记录"
    return (
        f"{shown}。共 {total} 条，按时间倒序；时间为本地时间。"
        f"导出人：{viewer.display_name}，导出时间：{local_datetime(utc_now())}。"
    )
