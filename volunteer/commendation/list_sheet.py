"""The final list as a workbook for the commendation document: a title row, headers, one row
each, and the signature block every workbook sent up carries (填表人 … 单位（盖章） … 日期).

Pure openpyxl: the caller passes the words (Chinese) and the values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from volunteer.reports.sheets import signature_row

# 单位, 姓名, 科室, hours of the year, cumulative hours, citation.
WIDTHS = (24, 10, 16, 14, 14, 80)
_WRAPPED = Alignment(vertical="top", wrap_text=True)


def final_list_workbook(
    *, sheet_name: str, title: str, headers: Sequence[str], rows: Iterable[Sequence[object]]
) -> bytes:
    """Return the .xlsx bytes: the title in A1, the headers in row 2, the people below, then
    the signature block."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_name[:31]
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(list(headers))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            cell.alignment = _WRAPPED
            if cell.data_type == "f":  # a citation typed as "=…" stays text, never a formula
                cell.data_type = "s"
    sheet.append([])
    sheet.append(signature_row(len(headers)))
    for index, width in enumerate(WIDTHS[: len(headers)], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
