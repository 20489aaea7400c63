"""Read the rows of an .xlsx's first sheet as the text a person sees in each cell.

openpyxl reads the workbook's small parts: the list of sheets, and the styles that say which
cells are dates and which keep leading zeros. The sheet and its shared strings are parsed by
xlsx_parts.py instead, because openpyxl's read-only sheet keeps every element it has read
attached to the document (a sheet of blank rows costs hundreds of megabytes before its first
row comes back), reads a sheet without a stated size to its end before giving any row, and
spends a tenth of a millisecond on each string. Pure.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any, cast

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHARED_STRINGS

from volunteer.imports.archive import NOT_A_ZIP, check_xlsx_archive
from volunteer.imports.limits import FileLimits, FileRefused
from volunteer.imports.xlsx_parts import RawCell, shared_strings, sheet_rows
from volunteer.texts import N_

NO_SHEET = N_("Excel 文件中没有工作表")

_ZERO_FORMAT = re.compile(r"^0+$")
_DECIMAL = re.compile(r"[.eE]")


class XlsxRows:
    """The rows of an .xlsx's first worksheet, read as the sheet is unpacked."""

    def __init__(self, data: bytes, limits: FileLimits):
        check_xlsx_archive(data, limits)
        self._limits = limits
        try:
            # Only the parts that say what the sheet is; its rows are read as they are asked for.
            self._reader = ExcelReader(
                io.BytesIO(data), read_only=True, data_only=True, keep_links=False
            )
            self._reader.read_manifest()
            manifest: Any = self._reader.package
            strings = manifest.find(SHARED_STRINGS)
            self._strings = self._shared_strings(strings.PartName[1:]) if strings else []
            self._reader.read_workbook()
            apply_stylesheet(self._reader.archive, self._reader.wb)
            self._sheet = self._first_worksheet()
        except FileRefused:
            raise
        except Exception as error:  # openpyxl and expat raise many types for a damaged file
            raise FileRefused(NOT_A_ZIP, value=str(error)[:200]) from error
        # What the styles say about each cell style: dates, durations, number formats.
        workbook: Any = self._reader.wb
        self._styles = workbook._cell_styles
        self._number_formats = workbook._number_formats
        self._date_formats: set[int] = workbook._date_formats
        self._timedelta_formats: set[int] = workbook._timedelta_formats
        self._epoch = workbook.epoch

    def _first_worksheet(self) -> str:
        archive = self._reader.archive
        for _sheet, rel in self._reader.parser.find_sheets():
            if "chartsheet" not in rel.Type and rel.target in archive.namelist():
                return str(rel.target)
        raise FileRefused(NO_SHEET)

    def _shared_strings(self, path: str) -> list[str]:
        with self._reader.archive.open(path) as source:
            return shared_strings(source, self._limits)

    def header(self) -> list[str] | None:
        # As wide as written (a row has at most max_columns cells), so a header reaching past
        # the limit is seen and refused.
        for number, cells in self._rows(None):
            return cells if number == 1 else []
        return None

    def rows(self, width: int) -> Iterator[list[str]]:
        expected = 2
        for number, cells in self._rows(width):
            if number < expected:
                continue  # the header, or rows written out of order: read once only
            # Rows Excel left out are blank rows; they count toward the limit like written ones.
            for _ in range(expected, number):
                yield []
            expected = number + 1
            yield cells

    def _rows(self, width: int | None) -> Iterator[tuple[int, list[str]]]:
        """Yield each row's number and its first `width` cells (None: all) as text, in order."""
        with self._reader.archive.open(self._sheet) as source:
            for number, cells in sheet_rows(source, self._limits, width):
                texts = [""] * (max(cells, default=0) if width is None else width)
                for column, cell in cells.items():
                    if 1 <= column <= len(texts):
                        texts[column - 1] = self._text(cell)
                yield number, texts

    def _text(self, cell: RawCell) -> str:
        """Return what Excel shows in a cell: its stored value, read as openpyxl reads it."""
        if cell.kind == "inlineStr":
            return cell.inline or ""
        if not cell.value:
            return ""
        value: object = cell.value
        if cell.kind == "s":
            value = self._strings[int(cell.value)]
        elif cell.kind == "b":
            value = cell.value == "1"
        elif cell.kind == "d":
            value = cast(Any, from_ISO8601)(cell.value)
        elif cell.kind == "n":
            number = float(cell.value) if _DECIMAL.search(cell.value) else int(cell.value)
            value = number
            if cell.style in self._date_formats:
                try:
                    duration = cell.style in self._timedelta_formats
                    value = from_excel(number, self._epoch, timedelta=duration)
                except (OverflowError, ValueError):
                    value = "#VALUE!"
        return cell_text(value, self._number_format(cell.style))

    def _number_format(self, style_id: int) -> str | None:
        if style_id >= len(self._styles):
            return None
        format_id = self._styles[style_id].numFmtId
        if format_id < BUILTIN_FORMATS_MAX_SIZE:
            return BUILTIN_FORMATS.get(format_id)
        return str(self._number_formats[format_id - BUILTIN_FORMATS_MAX_SIZE])

    def close(self) -> None:
        self._reader.archive.close()


def cell_text(value: object, number_format: str | None) -> str:
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
