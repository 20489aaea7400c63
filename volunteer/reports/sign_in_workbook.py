"""An activity's sign-in sheet as a workbook: the same words and rows as the PDF.

Pure openpyxl, like `sheets.py`: a title, the activity's fields, the header row (repeated on
every printed page), one row per session with a blank 签名 cell, the totals, and the signature
lines 活动负责人（签字） / 经办人 / 单位（盖章） / 日期. Printed pages say "第 N 页 共 M 页".
"""

from __future__ import annotations

from decimal import Decimal
from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from volunteer.documents.data import (
    SIGN_IN_HEADERS,
    SIGN_IN_SIGNATURES,
    SIGN_IN_TITLE,
    SignInSheet,
)
from volunteer.reports.sheets import HOURS, header_cells, signature_row, text_cell

WIDTHS = (6, 12, 22, 13, 13, 12, 10, 16)
_THIN = Side(style="thin", color="999999")
_RULED = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(vertical="center", wrap_text=True)
_LEFT_COLUMNS = (1, 2)  # 姓名, 科室
_HOURS_COLUMN = 5
ROW_HEIGHT = 24  # points: room to sign by hand


def sign_in_workbook(out: str | IO[bytes], sheet: SignInSheet) -> None:
    """Write the sign-in sheet to `out` as .xlsx."""
    workbook = Workbook(write_only=True)
    page = workbook.create_sheet("签到表")
    width = len(SIGN_IN_HEADERS)
    last = get_column_letter(width)
    for index, columns in enumerate(WIDTHS, start=1):
        page.column_dimensions[get_column_letter(index)].width = columns
    facts = sheet.facts()
    header_row = 2 + len(facts)
    page.freeze_panes = f"A{header_row + 1}"
    page.print_title_rows = f"{header_row}:{header_row}"
    page.page_setup.orientation = "portrait"
    page.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    page.page_setup.fitToWidth = 1
    page.page_setup.fitToHeight = 0
    page.sheet_properties.pageSetUpPr.fitToPage = True
    page.oddFooter.center.text = "第 &P 页 共 &N 页"

    page.row_dimensions[1].height = 28
    title = text_cell(page, SIGN_IN_TITLE)
    title.font, title.alignment = Font(bold=True, size=14), _CENTRED
    page.append([title])
    page.merged_cells.add(f"A1:{last}1")
    for number, (label, value) in enumerate(facts, start=2):
        page.append([label, text_cell(page, value)])
        page.merged_cells.add(f"B{number}:{last}{number}")
    page.append(header_cells(page, SIGN_IN_HEADERS))

    for number, row in enumerate(sheet.rows, start=1):
        values = [
            number,
            row.name,
            row.department,
            row.signed_in,
            row.signed_out,
            Decimal(row.hours) if row.hours else "",
            row.status,
            "",
        ]
        cells = []
        for column, shown in enumerate(values):
            cell = text_cell(page, shown, HOURS if column == _HOURS_COLUMN else None)
            cell.border = _RULED
            cell.alignment = _LEFT if column in _LEFT_COLUMNS else _CENTRED
            cells.append(cell)
        page.row_dimensions[header_row + number].height = ROW_HEIGHT
        page.append(cells)

    page.append([text_cell(page, sheet.totals_line())])
    totals_row = header_row + len(sheet.rows) + 1
    page.merged_cells.add(f"A{totals_row}:{last}{totals_row}")
    page.append([])
    labels = [f"{label}：" for label in SIGN_IN_SIGNATURES]
    page.append(signature_row(width, labels[:2]))
    page.append([])
    page.append(signature_row(width, labels[2:]))
    workbook.save(out)
