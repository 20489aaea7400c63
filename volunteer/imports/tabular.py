"""Read an uploaded .xlsx or .csv into rows of normalised text, or refuse it with its reasons.

Pure: bytes in, rows out (the reading itself is readers.py for CSV, xlsx_rows.py for .xlsx).
Every limit of limits.py holds before a row is kept: a file too large, or an .xlsx that would
unpack too far, is refused unread; reading stops at the first row past the row limit, blank rows
counted; a cell longer than the limit is refused naming its row and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from volunteer.errors import DomainError
from volunteer.imports.columns import Column, FileColumns, HeaderReading
from volunteer.imports.limits import DEFAULT_LIMITS, FileLimits, FileRefused, size_text
from volunteer.imports.readers import CsvRows, Rows
from volunteer.imports.xlsx_rows import XlsxRows
from volunteer.people.validation import clean_text
from volunteer.texts import N_

# A reader that fails part-way names the row it stopped at; its own words go in the value.
CSV_ROW_UNREADABLE = N_("CSV 文件从这一行起无法读取（单元格过长或引号不成对），请检查后重新保存")
XLSX_ROW_UNREADABLE = N_("Excel 文件这一行有无法读取的单元格，请在 Excel 中检查后重新保存")
COLUMN_MISSING = N_("缺少必需的列“%(column)s”（也可写作：%(also)s）")
EITHER_COLUMN_MISSING = N_(
    "需要“%(a)s”或“%(b)s”列（“%(a)s”也可写作：%(a_also)s；“%(b)s”也可写作：%(b_also)s）"
)
COLUMN_TWICE = N_("这几列都表示“%(column)s”，请只保留一列")
EXAMPLE_ROW_LEFT = N_("这是下载模板中的示例行，请删除后再导入")
NO_DATA_ROWS = N_("文件中没有数据行（第 1 行为列名，数据从第 2 行起）")
TOO_MANY_ROWS = N_("文件超过 %(max)s 行（空行也计入），请删除多余的空行，或拆分成几个文件导入")
TOO_MANY_COLUMNS = N_("列名行超过 %(max)s 列，请删除多余的列后导入")
CELL_TOO_LONG = N_("单元格超过 %(max)s 个字符，请检查是否粘贴了多余的内容")
CELL_HAS_NUL = N_("单元格包含无效字符（NUL），请检查后重新保存")
FILE_TOO_LARGE = N_("文件有 %(size)s，超过上限 %(max)s，请拆分成几个文件导入")
T = TypeVar("T")
# How much of a refused cell the error table shows.
SHOWN_CHARS = 40


@dataclass(frozen=True)
class RowError:
    """Why a file was rejected: spreadsheet row (header = 1), column, value, reason.

    A reason with %(name)s placeholders (a msgid, from a module that cannot translate) carries
    its values in `params`; `worded()` fills in the translated reason.
    """

    row: int
    column: str
    value: str
    reason: str
    params: tuple[tuple[str, str], ...] = ()

    def worded(self, reason: str | None = None) -> str:
        """Return the reason (or its translation, given) with its values filled in."""
        text = self.reason if reason is None else reason
        return text % dict(self.params) if self.params else text


class ImportRejected(DomainError):
    """The file has bad rows; nothing was written. `errors` is the table shown to the user."""

    MESSAGE = N_("文件有 %(n)d 处错误，未导入任何数据。")

    def __init__(self, errors: list[RowError], header: HeaderReading | None = None):
        super().__init__(self.MESSAGE % {"n": len(errors)})
        self.errors = errors
        # How the header was read, when the rows were what failed: the error table names columns.
        self.header = header


@dataclass
class Table:
    """The rows of a file as {column: text}, each with its spreadsheet row number."""

    columns: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    header: HeaderReading = field(default_factory=HeaderReading)


def read_table(
    data: bytes, filename: str, *, columns: FileColumns, limits: FileLimits = DEFAULT_LIMITS
) -> Table:
    """Read the first sheet of an .xlsx, or a .csv, finding each column under any of its headers."""
    name = filename.lower()
    if not name.endswith((".xlsx", ".csv")):
        raise ImportRejected([RowError(0, "", filename, N_("只支持 .xlsx 或 .csv 文件"))])
    if not data:
        raise ImportRejected([RowError(1, "", "", N_("文件是空的"))])
    if len(data) > limits.max_file_bytes:
        sizes = (("size", size_text(len(data))), ("max", size_text(limits.max_file_bytes)))
        raise ImportRejected([RowError(0, "", "", FILE_TOO_LARGE, sizes)])
    try:
        rows = XlsxRows(data, limits) if name.endswith(".xlsx") else CsvRows(data, limits)
        try:
            return _read_rows(rows, name, columns, limits)
        finally:
            rows.close()
    except FileRefused as refused:
        error = RowError(
            refused.row,
            refused.column,
            refused.value,
            refused.reason,
            tuple(refused.params.items()),
        )
        raise ImportRejected([error]) from refused


def _read_rows(rows: Rows, name: str, columns: FileColumns, limits: FileLimits) -> Table:
    """Read the header, then each row up to the limit; refuse the file at its first excess."""
    unreadable = XLSX_ROW_UNREADABLE if name.endswith(".xlsx") else CSV_ROW_UNREADABLE
    header = next(_readable(_header_row(rows), unreadable, first_row=1))
    if header is None:
        raise ImportRejected([RowError(1, "", "", N_("文件是空的"))])
    width = max((index + 1 for index, cell in enumerate(header) if cell.strip()), default=0)
    if width > limits.max_columns:
        raise FileRefused(TOO_MANY_COLUMNS, row=1, max=limits.max_columns)
    reading = columns.read_header(header[:width])
    _check_header(reading, columns)

    table = Table(columns=reading.columns, header=reading)
    example = dict(zip((c.name for c in columns.columns), columns.example_row, strict=True))
    for number, cells in enumerate(_readable(rows.rows(width), unreadable, first_row=2), 2):
        if number - 1 > limits.max_rows:
            # Blank rows count: a sheet of millions of them is refused here, not read to its end.
            raise FileRefused(
                TOO_MANY_ROWS, row=number, value=str(limits.max_rows), max=limits.max_rows
            )
        values = _row_values(number, cells, reading, limits)
        if not any(values.values()):
            continue  # blank lines between blocks of data are common in hand-kept sheets
        if all(value == example[column] for column, value in values.items()):
            # Left from the downloaded template: importing it would add a made-up person.
            raise ImportRejected([RowError(number, "", "", EXAMPLE_ROW_LEFT)])
        table.rows.append((number, values))
    if not table.rows:
        raise ImportRejected([RowError(2, "", "", NO_DATA_ROWS)], header=reading)
    return table


def _row_values(
    number: int, cells: list[str], reading: HeaderReading, limits: FileLimits
) -> dict[str, str]:
    """Return the row's cells by column, checked before any of them is copied or cleaned."""
    values: dict[str, str] = {}
    for index, column in reading.positions.items():
        if index >= len(cells):
            continue
        cell = cells[index]
        if len(cell) > limits.max_cell_chars:
            shown = cell[:SHOWN_CHARS] + "…"
            raise FileRefused(
                CELL_TOO_LONG,
                row=number,
                column=column,
                value=shown,
                max=limits.max_cell_chars,
            )
        if "\x00" in cell:
            raise FileRefused(
                CELL_HAS_NUL, row=number, column=column, value=repr(cell[:SHOWN_CHARS])
            )
        values[column] = clean_text(cell)
    return values


def _check_header(reading: HeaderReading, columns: FileColumns) -> None:
    """Refuse a header without a required column, or with one column under two headers."""
    errors = [
        RowError(1, column, "、".join(written), COLUMN_TWICE, (("column", column),))
        for column, written in reading.clashes.items()
    ]
    for column in columns.required:
        if column.name not in reading.columns:
            errors.append(_missing(column))
    for first, second in columns.either:
        if first not in reading.columns and second not in reading.columns:
            a, b = columns.column(first), columns.column(second)
            params = (("a", first), ("b", second), ("a_also", _also(a)), ("b_also", _also(b)))
            errors.append(RowError(1, first, "", EITHER_COLUMN_MISSING, params))
    if errors:
        raise ImportRejected(errors)


def _missing(column: Column) -> RowError:
    if not column.synonyms:
        return RowError(1, column.name, "", N_("缺少必需的列"))
    params = (("column", column.name), ("also", _also(column)))
    return RowError(1, column.name, "", COLUMN_MISSING, params)


def _also(column: Column) -> str:
    return "、".join(column.synonyms) or "—"


def _header_row(rows: Rows) -> Iterator[list[str] | None]:
    yield rows.header()


def _readable(raw_rows: Iterator[T], reason: str, *, first_row: int) -> Iterator[T]:
    """Yield the reader's rows; turn a failure part-way into a rejection naming that row."""
    read = 0
    try:
        for cells in raw_rows:
            read += 1
            yield cells
    except (ImportRejected, FileRefused):
        raise
    except Exception as error:  # csv.Error, and openpyxl's ValueError etc. on a damaged cell
        row = first_row + read
        raise ImportRejected([RowError(row, "", str(error)[:200], reason)]) from error
