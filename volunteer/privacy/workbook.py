"""A person's own data as a workbook: a cover sheet, then one sheet per kind with its headers.

Pure openpyxl, no Flask: the caller passes the words (Chinese) and typed values (naive local
date-times, dates, numbers, text). Each data sheet starts with its header row so the file
sorts and filters as it is; an empty kind still gets its sheet, to say the registry holds none.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from volunteer.reports.sheets import Column

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAPPED = Alignment(vertical="top", wrap_text=True)
# Characters a sheet's name may not hold, and its longest length (Excel's rules).
_NOT_IN_NAMES = str.maketrans(dict.fromkeys("[]:*?/\\", "-"))
_NAME_LENGTH = 31


@dataclass(frozen=True)
class Sheet:
    """One kind of data: the sheet's name, its columns, and its rows of typed values."""

    name: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]


def own_data_workbook(
    out: str | IO[bytes],
    *,
    cover_name: str,
    cover_title: str,
    cover: Sequence[tuple[str, Any]],
    contents: Sequence[tuple[str, int, str]],
    contents_headers: tuple[str, str, str],
    sheets: Iterable[Sheet],
) -> None:
    """Write the cover (title, labelled facts, then what each sheet holds) and the sheets."""
    workbook = Workbook(write_only=True)
    first = workbook.create_sheet(_sheet_name(cover_name))
    _set_widths(first, (18, 12, 70))
    _write_cover(first, cover_title, cover, contents, contents_headers)
    for data in sheets:
        sheet = workbook.create_sheet(_sheet_name(data.name))
        _set_widths(sheet, [column.width for column in data.columns])
        _write_sheet(sheet, data)
    workbook.save(out)


def _set_widths(sheet: Any, widths: Sequence[float]) -> None:
    """Size the columns (the write-only sheet has column_dimensions; its stubs leave it out)."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _sheet_name(name: str) -> str:
    return name.translate(_NOT_IN_NAMES)[:_NAME_LENGTH]


def _write_cover(
    sheet: WriteOnlyWorksheet,
    title: str,
    facts: Sequence[tuple[str, Any]],
    contents: Sequence[tuple[str, int, str]],
    headers: tuple[str, str, str],
) -> None:
    sheet.append([_cell(sheet, title, font=_TITLE)])
    sheet.append([])
    for label, value in facts:
        sheet.append([_cell(sheet, label, font=_BOLD), _cell(sheet, value)])
    sheet.append([])
    sheet.append([_cell(sheet, h, font=_BOLD, fill=_HEADER_FILL) for h in headers])
    for name, count, note in contents:
        sheet.append([_cell(sheet, name), count, _cell(sheet, note)])


def _write_sheet(sheet: WriteOnlyWorksheet, data: Sheet) -> None:
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, c.header, font=_BOLD, fill=_HEADER_FILL) for c in data.columns])
    for row in data.rows:
        sheet.append(
            [
                _cell(sheet, value, column.number_format)
                for value, column in zip(row, data.columns, strict=True)
            ]
        )


def _cell(
    sheet: WriteOnlyWorksheet,
    value: Any,
    number_format: str | None = None,
    *,
    font: Font | None = None,
    fill: PatternFill | None = None,
) -> Cell:
    cell = WriteOnlyCell(sheet, value)
    if cell.data_type == "f":
        # Typed text that begins with "=" (a note, a name) stays text, never a formula.
        cell.data_type = "s"
    if number_format and value is not None:
        cell.number_format = number_format
    if isinstance(value, str) and "\n" in value:
        cell.alignment = _WRAPPED
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell
