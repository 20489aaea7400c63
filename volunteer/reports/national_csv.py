"""The national volunteer system's import file: its columns, as CSV text with a UTF-8 BOM.

Pure: rows in, text out, no Flask and no database. The file's words are the system's own
Chinese headers, whatever language the manager reads the pages in.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal

# The national system's import columns, in its order; 证件号码 only on an audited request.
NATIONAL_COLUMNS = (
    "姓名",
    "证件类型",
    "证件号码",
    "志愿者编号",
    "活动名称",
    "服务日期",
    "开始时间",
    "结束时间",
    "服务时长",
)
ID_CARD_TYPE = "居民身份证"
# The import reads exactly this pattern of local time, so the file keeps it whatever format
# the pages use (those go through volunteer.core.times).
MOMENT_FORMAT = "%Y-%m-%d %H:%M"
LINE_END = "\r\n"
# A value starting with one of these would run as a formula in Excel (_inert).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# (name, id_card or None, volunteer_no or None, title, service_date, local begin, local end
# or None, hours)
NationalRow = tuple[str, str | None, str | None, str, date, datetime, datetime | None, Decimal]


def national_csv_chunks(rows: Iterable[NationalRow], *, batch: int) -> Iterator[tuple[str, int]]:
    """Yield (CSV text, rows in it): the byte-order mark and header (0 rows), then the rows."""
    yield national_header(), 0
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=LINE_END)
    count = 0
    for count, row in enumerate(rows, start=1):
        name, id_card, volunteer_no, title, service_date, begin, end, hours = row
        writer.writerow(
            (
                inert(name),
                ID_CARD_TYPE if id_card else "",
                id_card or "",
                inert(volunteer_no or ""),
                inert(title),
                service_date.isoformat(),
                begin.strftime(MOMENT_FORMAT),
                end.strftime(MOMENT_FORMAT) if end else "",
                f"{hours:.1f}",
            )
        )
        if count % batch == 0:
            yield _drain(buffer), batch
    yield _drain(buffer), count % batch


def formatted_csv_chunks(
    batches: Iterable[Sequence[Sequence[str | None]]],
) -> Iterator[tuple[str, int]]:
    """Yield (CSV text, rows in it) for batches of fields already in the file's words.

    The database did the formatting (queries.national_fields); csv quotes as above.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=LINE_END)
    for batch in batches:
        writer.writerows(batch)
        yield _drain(buffer), len(batch)


def national_header() -> str:
    """The file's start: a byte-order mark, then the header line."""
    # Excel reads a CSV as the local code page unless it starts with a byte-order mark.
    return "\ufeff" + ",".join(NATIONAL_COLUMNS) + LINE_END


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def inert(text: str) -> str:
    """Keep a typed value from running as a formula when the file is opened in Excel."""
    return "'" + text if text[:1] in FORMULA_STARTS else text
