"""Read an uploaded .xlsx or .csv into rows of normalised text, whatever Excel did to it.

Pure: bytes in, rows out. Handles UTF-8 with or without BOM and GBK/GB18030 (as Excel saves
CSV in China), numbers Excel stored for text columns (工号 with leading zeros kept from the cell's
number format), dates stored as dates, and full-width characters.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time

from openpyxl import load_workbook

from volunteer.errors import DomainError
from volunteer.people.validation import normalise_text
from volunteer.texts import N_

_ZERO_FORMAT = re.compile(r"^0+$")
# A reader that fails part-way names the row it stopped at; its own words go in the value.
CSV_ROW_UNREADABLE = N_("CSV 文件从这一行起无法读取（单元格过长或引号不成对），请检查后重新保存")
XLSX_ROW_UNREADABLE = N_("Excel 文件这一行有无法读取的单元格，请在 Excel 中检查后重新保存")


@dataclass(frozen=True)
class RowError:
    """Why a file was rejected: spreadsheet row (header = 1), column, value, reason."""

    row: int
    column: str
    value: str
    reason: str


class ImportRejected(DomainError):
    """The file has bad rows; nothing was written. `errors` is the table shown to the user."""

    MESSAGE = N_("文件有 %(n)d 处错误，未导入任何数据。")

    def __init__(self, errors: list[RowError]):
        super().__init__(self.MESSAGE % {"n": len(errors)})
        self.errors = errors


@dataclass
class Table:
    """The rows of a file as {column: text}, each with its spreadsheet row number."""

    columns: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def read_table(
    data: bytes,
    filename: str,
    *,
    required: Iterable[str],
    optional: Iterable[str] = (),
    max_rows: int = 100_000,
) -> Table:
    """Read the first sheet of an .xlsx, or a .csv, checking that the required columns exist."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        raw_rows = _readable(_xlsx_rows(data), XLSX_ROW_UNREADABLE)
    elif name.endswith(".csv"):
        raw_rows = _readable(_csv_rows(data), CSV_ROW_UNREADABLE)
    else:
        raise ImportRejected([RowError(0, "", filename, N_("只支持 .xlsx 或 .csv 文件"))])

    header = next(raw_rows, None)
    if header is None:
        raise ImportRejected([RowError(1, "", "", N_("文件是空的"))])
    columns = [normalise_text(cell) for cell in header]
    required, known = list(required), set(required) | set(optional)
    missing = [column for column in required if column not in columns]
    if missing:
        raise ImportRejected([RowError(1, column, "", N_("缺少必需的列")) for column in missing])
    duplicated = sorted({c for c in columns if c and columns.count(c) > 1})
    if duplicated:
        raise ImportRejected([RowError(1, c, c, N_("列名重复")) for c in duplicated])

    table = Table(columns=[c for c in columns if c in known])
    for number, cells in enumerate(raw_rows, start=2):
        values = {
            column: normalise_text(cell)
            for column, cell in zip(columns, cells, strict=False)
            if column in known
        }
        if not any(values.values()):
            continue  # blank lines between blocks of data are common in hand-kept sheets
        if len(table.rows) >= max_rows:
            too_long = N_("文件行数超过上限，请拆分后导入")
            raise ImportRejected([RowError(number, "", str(max_rows), too_long)])
        table.rows.append((number, values))
    return table


def _readable(raw_rows: Iterator[list[str]], reason: str) -> Iterator[list[str]]:
    """Yield the reader's rows; turn a failure part-way into a rejection naming that row."""
    read = 0
    try:
        for cells in raw_rows:
            read += 1
            yield cells
    except ImportRejected:
        raise
    except Exception as error:  # csv.Error, and openpyxl's ValueError etc. on a damaged cell
        raise ImportRejected([RowError(read + 1, "", str(error)[:200], reason)]) from error


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged or foreign file
        unreadable = N_("无法读取 Excel 文件，请确认是 .xlsx 格式且未损坏")
        raise ImportRejected([RowError(0, "", str(error)[:200], unreadable)]) from error
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows():
            yield [_cell_text(cell.value, cell.number_format) for cell in row]
    finally:
        workbook.close()


def _cell_text(value, number_format: str | None) -> str:
    """Turn a cell into the text a person sees in Excel, keeping 工号's leading zeros."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            return repr(value)
        text = str(int(value))
        # A cell formatted "000000" shows 123 as 000123; that is the 工号 people know.
        if number_format and _ZERO_FORMAT.match(number_format):
            text = text.zfill(len(number_format))
        return text
    return str(value)


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    text = decode_csv(data)
    yield from csv.reader(io.StringIO(text))


def decode_csv(data: bytes) -> str:
    """Decode CSV bytes: UTF-8 (BOM or not) first, then GB18030, the superset of GBK."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise ImportRejected(
            [RowError(0, "", "", N_("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV"))]
        ) from error
