"""The people list as CSV: the columns of people.xlsx, one person a line, for machines and Excel.

Pure: rows in, text out, no Flask and no database. Like the workbook, the headers are Chinese
whatever language the manager reads the pages in.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal

from volunteer.reports.national_csv import LINE_END, inert
from volunteer.reports.sheets import PEOPLE_COLUMNS

PEOPLE_CSV_COLUMNS = tuple(column.header for column in PEOPLE_COLUMNS)

# (工号, 姓名, 单位, registered, registered_on or None, approved, pending, make-up, needed or
# None, weekly needed or None)
PeopleRow = tuple[
    str, str, str, bool, date | None, Decimal, Decimal, Decimal, Decimal | None, Decimal | None
]


def people_csv_chunks(rows: Iterable[PeopleRow], *, batch: int) -> Iterator[tuple[str, int]]:
    """Yield (CSV text, rows in it): byte-order mark and header first, `batch` rows a chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=LINE_END)
    buffer.write("\ufeff")
    writer.writerow(PEOPLE_CSV_COLUMNS)
    count = 0
    for count, row in enumerate(rows, start=1):
        staff_no, name, unit, registered, registered_on, *hours = row
        writer.writerow(
            (
                inert(staff_no),
                inert(name),
                inert(unit),
                "是" if registered else "否",
                registered_on.isoformat() if registered_on else "",
                *("" if figure is None else f"{figure:.1f}" for figure in hours),
            )
        )
        if count % batch == 0:
            yield _drain(buffer), batch
    yield _drain(buffer), count % batch


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
