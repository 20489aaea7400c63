"""Workbooks for the level above: a title, Chinese headers, the rows, and a signature block.

Pure openpyxl, no Flask. Sheets are write-only, so 30,000 rows stream to disk instead of
living in memory; only the cells that need a number format (rates, date-times) are made as
cells, every other value is appended as it is.

The files are forms sent up to the commission, so their words are Chinese whatever language
the manager reads the pages in: the headers are the ones the level above expects.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

# One sheet holds 1,048,576 rows; the title, note, header and signature rows take five.
EXCEL_MAX_ROWS = 1_048_576
FRAME_ROWS = 5
MAX_DATA_ROWS = EXCEL_MAX_ROWS - FRAME_ROWS

PERCENT = "0.0%"
HOURS = "0.0"
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"

# Who filled it in, who answers for it, the unit's seal, the date: under every workbook.
SIGNATURE_LABELS = ("填表人：", "负责人：", "单位（盖章）：", "日期：")

_THIN = Side(style="thin", color="999999")
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_HEADER_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAPPED = Alignment(vertical="center", wrap_text=True)


@dataclass(frozen=True)
class Column:
    """One column: its header, its width in characters, and the format of its numbers."""

    header: str
    width: float
    number_format: str | None = None


SUMMARY_COLUMNS = (
    Column("单位代码", 12),
    Column("单位名称", 28),
    Column("在职人数", 10),
    Column("已注册人数", 11),
    Column("注册率", 9, PERCENT),
    Column("服务总时长", 12, HOURS),
    Column("人均时长", 10, "0.00"),
    Column("达标人数", 10),
    Column("达标率", 9, PERCENT),
    Column("补录时长", 10, HOURS),
    Column("待审核时长", 11, HOURS),
    Column("进度状态", 10),
)

PEOPLE_COLUMNS = (
    Column("工号", 12),
    Column("姓名", 10),
    Column("单位", 28),
    Column("是否注册", 9),
    Column("注册日期", 12, DATE),
    Column("已审核时长", 11),
    Column("待审核时长", 11),
    Column("补录时长", 10),
    Column("尚需时长", 10),
    Column("每周需完成", 11),
)

RECORD_COLUMNS = (
    Column("姓名", 10),
    Column("工号", 12),
    Column("单位", 26),
    Column("志愿者编号", 16),
    Column("活动编号", 11),
    Column("活动名称", 30),
    Column("服务类别", 16),
    Column("服务日期", 12, DATE),
    Column("开始时间", 17, DATETIME),
    Column("结束时间", 17, DATETIME),
    Column("服务时长", 9),
    Column("来源", 11),
)

_DATETIME_COLUMNS = [i for i, c in enumerate(RECORD_COLUMNS) if c.number_format == DATETIME]

# The audit log for an inspector: 变更内容 holds one change a line.
AUDIT_COLUMNS = (
    Column("时间", 17, DATETIME),
    Column("操作人", 16),
    Column("操作", 18),
    Column("对象", 30),
    Column("单位", 20),
    Column("变更内容", 50),
    Column("原因", 26),
    Column("IP", 15),
)
_AUDIT_CHANGES = 5


def summary_workbook(
    out: str | IO[bytes],
    title: str,
    total: Sequence[Any],
    children: Iterable[Sequence[Any]],
    *,
    note: str | None = None,
) -> None:
    """Write the unit's row (bold) then its children's, in SUMMARY_COLUMNS order, to `out`."""
    workbook, sheet = _start("完成情况", title, note, SUMMARY_COLUMNS)
    sheet.append(_styled_row(sheet, total, SUMMARY_COLUMNS, bold=True))
    for row in children:
        sheet.append(_styled_row(sheet, row, SUMMARY_COLUMNS))
    _finish(workbook, sheet, len(SUMMARY_COLUMNS), out)


def people_workbook(
    out: str | IO[bytes], title: str, rows: Iterable[Sequence[Any]], *, note: str | None = None
) -> None:
    """Write one row per person, in PEOPLE_COLUMNS order, to `out`.

    Plain values only: dates get openpyxl's own date format, so no cell object is made here.
    """
    workbook, sheet = _start("人员名单", title, note, PEOPLE_COLUMNS)
    for row in rows:
        sheet.append(_as_text(sheet, row))
    _finish(workbook, sheet, len(PEOPLE_COLUMNS), out)


def records_workbook(
    out: str | IO[bytes], title: str, rows: Iterable[Sequence[Any]], *, note: str | None = None
) -> None:
    """Write one row per service record, in RECORD_COLUMNS order (naive local times), to `out`."""
    workbook, sheet = _start("服务记录", title, note, RECORD_COLUMNS)
    for row in rows:
        row = _as_text(sheet, row)
        for index in _DATETIME_COLUMNS:
            row[index] = text_cell(sheet, row[index], DATETIME)
        sheet.append(row)
    _finish(workbook, sheet, len(RECORD_COLUMNS), out)


def audit_workbook(
    out: str | IO[bytes], title: str, rows: Iterable[Sequence[Any]], *, note: str | None = None
) -> None:
    """Write one row per audit entry, in AUDIT_COLUMNS order (naive local time), to `out`."""
    workbook, sheet = _start("审计日志", title, note, AUDIT_COLUMNS)
    for row in rows:
        row = _as_text(sheet, row)
        row[0] = text_cell(sheet, row[0], DATETIME)
        changes = text_cell(sheet, row[_AUDIT_CHANGES])
        changes.alignment = _WRAPPED
        row[_AUDIT_CHANGES] = changes
        sheet.append(row)
    _finish(workbook, sheet, len(AUDIT_COLUMNS), out)


def _start(
    name: str, title: str, note: str | None, columns: Sequence[Column]
) -> tuple[Workbook, WriteOnlyWorksheet]:
    """Open a write-only sheet with widths, print setup, the title, the note and the header."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(name)
    last = get_column_letter(len(columns))
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    header_row = 3 if note else 2
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    sheet.row_dimensions[1].height = 28
    heading = text_cell(sheet, title)
    heading.font = Font(bold=True, size=14)
    heading.alignment = _CENTRED
    sheet.append([heading])
    sheet.merged_cells.add(f"A1:{last}1")
    if note:
        # Two lines' height: a long note wraps inside the merged row instead of being cut off.
        sheet.row_dimensions[2].height = 32
        remark = text_cell(sheet, note)
        remark.alignment = _WRAPPED
        sheet.append([remark])
        sheet.merged_cells.add(f"A2:{last}2")
    sheet.append(header_cells(sheet, [column.header for column in columns]))
    return workbook, sheet


def header_cells(sheet: WriteOnlyWorksheet, headers: Sequence[str]) -> list[Cell]:
    """The header row's cells: bold, shaded, ruled and centred."""
    row: list[Cell] = []
    for header in headers:
        cell = text_cell(sheet, header)
        cell.font, cell.fill, cell.border, cell.alignment = (
            _HEADER_FONT,
            _HEADER_FILL,
            _HEADER_BORDER,
            _CENTRED,
        )
        row.append(cell)
    return row


def signature_row(width: int, labels: Sequence[str] = SIGNATURE_LABELS) -> list[str | None]:
    """The labels spread evenly over a row of `width` columns, each followed by room to sign
    (a narrower table still gets one column per label, so none is written over)."""
    width = max(width, len(labels))
    row: list[str | None] = [None] * width
    for index, label in enumerate(labels):
        row[index * width // len(labels)] = label
    return row


def _finish(
    workbook: Workbook, sheet: WriteOnlyWorksheet, width: int, out: str | IO[bytes]
) -> None:
    """Add the signature block under the rows (a blank line, then 填表人 … 单位（盖章） … 日期)."""
    sheet.append([])
    sheet.append(signature_row(width))
    workbook.save(out)


def _styled_row(
    sheet: WriteOnlyWorksheet,
    values: Sequence[Any],
    columns: Sequence[Column],
    *,
    bold: bool = False,
) -> list[Cell]:
    """Make each value a cell in its column's number format (a few hundred rows at most)."""
    row: list[Cell] = []
    for value, column in zip(values, columns, strict=True):
        cell = text_cell(sheet, value, column.number_format)
        if bold:
            cell.font = _HEADER_FONT
        row.append(cell)
    return row


def _as_text(sheet: WriteOnlyWorksheet, row: Sequence[Any]) -> list[Any]:
    """Keep typed text that begins with "=" (a name, a title) from becoming a formula."""
    return [text_cell(sheet, v) if isinstance(v, str) and v[:1] == "=" else v for v in row]


def text_cell(sheet: WriteOnlyWorksheet, value: Any, number_format: str | None = None) -> Cell:
    """A cell whose text never becomes a formula, in `number_format` when it has a value."""
    cell = WriteOnlyCell(sheet, value)
    if cell.data_type == "f":
        cell.data_type = "s"
    if number_format and value is not None:
        cell.number_format = number_format
    return cell
