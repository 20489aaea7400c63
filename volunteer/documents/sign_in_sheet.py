"""An activity's sign-in sheet (志愿服务活动签到表): A4 portrait, as many pages as its rows take.

The first page carries the activity's fields; every page repeats the title and the table's
header row and says "第 N 页 共 M 页"; the last page ends with the totals and the signature
lines (活动负责人（签字）, 经办人, 单位（盖章）, 日期), carrying a few rows over rather than
leaving the signatures alone on a page. Pages are measured first, then drawn, so M is known.
"""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from volunteer.documents.data import (
    SIGN_IN_HEADERS,
    SIGN_IN_SIGNATURES,
    SIGN_IN_TITLE,
    SignInRow,
    SignInSheet,
)
from volunteer.documents.drawing import INK, MUTED, RULE, binary_streams, new_canvas
from volunteer.documents.fonts import cjk_font
from volunteer.documents.layout import Flow
from volunteer.documents.text import text_width, wrap

WIDTH, HEIGHT = A4
MARGIN = 15 * mm
CONTENT = WIDTH - 2 * MARGIN
TOP = HEIGHT - 14 * mm
BOTTOM = 20 * mm  # the rows end above the page number
CLOSING = 50 * mm  # the totals and the signature lines, with room for the unit's seal
# 序号 姓名 科室 签到时间 签退时间 时长 状态 签名: shares of the width.
WIDTHS = (0.06, 0.13, 0.18, 0.13, 0.13, 0.09, 0.11, 0.17)
LEFT_ALIGNED = (1, 2)
SIZE = 9.5
ROW_HEIGHT = 8.5 * mm  # room for a signature by hand


def render_sign_in_sheet(sheet: SignInSheet, *, font_path: str | None = None) -> bytes:
    """Draw the sheet, as many pages as it takes, and return the PDF."""
    font = cjk_font(font_path)
    pages = _paginate(font, sheet)
    buffer = BytesIO()
    with binary_streams():
        canvas = new_canvas(buffer, A4, font)
        canvas.setTitle(f"{SIGN_IN_TITLE} {sheet.number}")
        canvas.setAuthor(sheet.author or sheet.organiser)
        start = 0
        for number, count in enumerate(pages, start=1):
            flow = Flow(canvas, font, MARGIN, CONTENT, TOP, 1.0)
            _head(flow, sheet, first=number == 1)
            _grid(flow, sheet, start, count)
            start += count
            if number == len(pages):
                _closing(canvas, font, sheet, flow.y)
            _footer(canvas, font, sheet, number, len(pages))
            canvas.showPage()
        canvas.save()
    return buffer.getvalue()


def _grid(
    flow: Flow,
    sheet: SignInSheet,
    start: int,
    count: int | None = None,
    bottom: float | None = None,
) -> list[list[str]]:
    """The header and the rows from `start` (numbered from 1); returns those left over."""
    chosen = sheet.rows[start:] if count is None else sheet.rows[start : start + count]
    rows = [_cells(start + i + 1, row) for i, row in enumerate(chosen)]
    return flow.grid(
        [header.replace("（", "\n（") for header in SIGN_IN_HEADERS],
        rows,
        widths=WIDTHS,
        size=SIZE,
        left_aligned=LEFT_ALIGNED,
        bottom=bottom,
        min_height=ROW_HEIGHT,
    )


def _cells(number: int, row: SignInRow) -> list[str]:
    return [
        str(number),
        row.name,
        row.department,
        row.signed_in,
        row.signed_out,
        row.hours,
        row.status,
        "",
    ]


def _paginate(font: str, sheet: SignInSheet) -> list[int]:
    """How many rows each page holds; the last page also holds the closing block."""
    pages: list[int] = []
    start, total = 0, len(sheet.rows)
    while True:
        flow = Flow(None, font, MARGIN, CONTENT, TOP, 1.0)
        _head(flow, sheet, first=not pages)
        rest = _grid(flow, sheet, start, bottom=BOTTOM)
        if not rest and flow.y - CLOSING >= BOTTOM:
            pages.append(total - start)
            return pages
        if not rest:  # the rows fit but not the signatures: carry the last rows over
            flow = Flow(None, font, MARGIN, CONTENT, TOP, 1.0)
            _head(flow, sheet, first=not pages)
            rest = _grid(flow, sheet, start, bottom=BOTTOM + CLOSING)
            if not rest:  # cannot happen: fewer rows than fitted; kept for safety
                pages.append(total - start)
                return pages
        taken = max(total - start - len(rest), 1)  # a row taller than a page still moves on
        pages.append(taken)
        start += taken


def _head(flow: Flow, sheet: SignInSheet, *, first: bool) -> None:
    """The title; the activity's fields on the first page, its name on the others."""
    flow.title(SIGN_IN_TITLE, 18)
    flow.space(3 * mm)
    if first:
        flow.label_table(sheet.facts(), label_width=30 * mm, size=10)
    else:
        flow.paragraph(f"{sheet.activity}（{sheet.number}）（续）", 10, color=MUTED)
    flow.space(3 * mm)


def _closing(canvas: Canvas, font: str, sheet: SignInSheet, y: float) -> None:
    """The totals under the table, then the signature lines in two pairs."""
    flow = Flow(canvas, font, MARGIN, CONTENT, y - 3 * mm, 1.0)
    flow.paragraph(sheet.totals_line(), 10)
    canvas.setFillColor(INK)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.setFont(font, 10.5)
    half = CONTENT / 2
    line_y = flow.y - 12 * mm
    for pair in (SIGN_IN_SIGNATURES[:2], SIGN_IN_SIGNATURES[2:]):
        for index, label in enumerate(pair):
            x = MARGIN + index * half
            text = f"{label}："
            canvas.drawString(x, line_y, text)
            start = x + text_width(text, font, 10.5) + 1 * mm
            canvas.line(start, line_y - 1.5, x + half - 8 * mm, line_y - 1.5)
        line_y -= 16 * mm  # room for the seal over 单位（盖章）


def _footer(canvas: Canvas, font: str, sheet: SignInSheet, number: int, count: int) -> None:
    """第 N 页 共 M 页 in the middle; the activity's number and the printing time at the sides."""
    y = 10 * mm
    canvas.setFillColor(INK)
    canvas.setFont(font, 9)
    canvas.drawCentredString(WIDTH / 2, y, f"第 {number} 页 共 {count} 页")
    canvas.setFillColor(MUTED)
    canvas.setFont(font, 8)
    left = wrap(f"{sheet.number} {sheet.activity}", font, 8, CONTENT / 2 - 20 * mm)
    canvas.drawString(MARGIN, y, left[0] + ("…" if len(left) > 1 else ""))
    if sheet.printed:
        canvas.drawRightString(WIDTH - MARGIN, y, f"打印时间：{sheet.printed}")
