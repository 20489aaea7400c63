"""The honour certificate (荣誉证书): A4 landscape, one page per commended volunteer."""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from volunteer.documents.data import Honour
from volunteer.documents.drawing import INK, MUTED, binary_streams, new_canvas, seal_reader
from volunteer.documents.fonts import cjk_font
from volunteer.documents.text import fit, text_width, wrap

WIDTH, HEIGHT = landscape(A4)
RED = HexColor("#a31515")
GOLD = HexColor("#c9a227")
CITATION_WIDTH = 200 * mm


def render_honours(honours: Iterable[Honour], *, font_path: str | None = None) -> bytes:
    """Draw one honour certificate per person into one PDF, in the order given."""
    buffer = BytesIO()
    font = cjk_font(font_path)
    with binary_streams():
        canvas = new_canvas(buffer, (WIDTH, HEIGHT), font)
        seals: dict[bytes, ImageReader | None] = {}
        pages = 0
        for honour in honours:
            if pages == 0:
                canvas.setTitle(honour.title)
                canvas.setAuthor(honour.author or honour.issuer.body)
                canvas.beginForm("frame")
                _frame(canvas)
                canvas.endForm()
            png = honour.issuer.seal_png
            if png is not None and png not in seals:
                seals[png] = seal_reader(png)
            _page(canvas, font, honour, seals.get(png) if png is not None else None)
            pages += 1
        if pages == 0:
            canvas.showPage()  # an empty list is still a valid PDF
        canvas.save()
    return buffer.getvalue()


def _frame(canvas: Canvas) -> None:
    """A red band, a gold line inside it, a thin red line, and gold corner ornaments."""
    canvas.setStrokeColor(RED)
    canvas.setLineWidth(7)
    inset = 9 * mm
    canvas.rect(inset, inset, WIDTH - 2 * inset, HEIGHT - 2 * inset, stroke=1, fill=0)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1.6)
    inset = 13 * mm
    canvas.rect(inset, inset, WIDTH - 2 * inset, HEIGHT - 2 * inset, stroke=1, fill=0)
    canvas.setStrokeColor(RED)
    canvas.setLineWidth(0.5)
    inset = 15 * mm
    canvas.rect(inset, inset, WIDTH - 2 * inset, HEIGHT - 2 * inset, stroke=1, fill=0)
    canvas.setFillColor(GOLD)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1.2)
    corner = 20 * mm
    for x, y, dx, dy in (
        (corner, corner, 1, 1),
        (WIDTH - corner, corner, -1, 1),
        (corner, HEIGHT - corner, 1, -1),
        (WIDTH - corner, HEIGHT - corner, -1, -1),
    ):
        _diamond(canvas, x, y, 3.2 * mm)
        canvas.line(x + dx * 5 * mm, y, x + dx * 22 * mm, y)
        canvas.line(x, y + dy * 5 * mm, x, y + dy * 22 * mm)
    _diamond(canvas, WIDTH / 2, HEIGHT - 52 * mm, 2.2 * mm)
    canvas.line(WIDTH / 2 - 60 * mm, HEIGHT - 52 * mm, WIDTH / 2 - 5 * mm, HEIGHT - 52 * mm)
    canvas.line(WIDTH / 2 + 5 * mm, HEIGHT - 52 * mm, WIDTH / 2 + 60 * mm, HEIGHT - 52 * mm)


def _diamond(canvas: Canvas, x: float, y: float, radius: float) -> None:
    path = canvas.beginPath()
    path.moveTo(x, y + radius)
    path.lineTo(x + radius, y)
    path.lineTo(x, y - radius)
    path.lineTo(x - radius, y)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)


def _centred(canvas: Canvas, font: str, text: str, y: float, size: float, spacing: float) -> None:
    width = text_width(text, font, size) + spacing * max(len(text) - 1, 0)
    canvas.setFont(font, size)
    canvas.drawString((WIDTH - width) / 2, y, text, charSpace=spacing)


def _page(canvas: Canvas, font: str, honour: Honour, seal: ImageReader | None) -> None:
    canvas.doForm("frame")
    canvas.setFillColor(RED)
    _centred(canvas, font, honour.title, HEIGHT - 43 * mm, 46, 18)

    left = (WIDTH - CITATION_WIDTH) / 2
    y = HEIGHT - 82 * mm
    canvas.setFillColor(INK)
    size, lines = fit(
        honour.name + honour.salutation, font, CITATION_WIDTH, sizes=(28, 24, 20), max_lines=1
    )
    canvas.setFont(font, size)
    canvas.drawString(left, y, lines[0])
    underline = min(text_width(honour.name, font, size), CITATION_WIDTH)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(0.8)
    canvas.line(left - 2 * mm, y - 2.5 * mm, left + underline + 2 * mm, y - 2.5 * mm)
    y -= 18 * mm
    size, lines = fit(
        "　　" + honour.citation, font, CITATION_WIDTH, sizes=(20, 18, 16, 14), max_lines=4
    )
    canvas.setFont(font, size)
    for line in lines:
        canvas.drawString(left, y, line)
        y -= size * 1.9

    # The issuer and the date, right-aligned in a block; the seal is stamped over them.
    block_right = WIDTH - 40 * mm
    lines = [*wrap(honour.issuer.body, font, 16, 95 * mm), honour.issue_date]
    y = 46 * mm + 22 * (len(lines) - 1)
    centre = block_right - 40 * mm
    canvas.setFont(font, 16)
    for line in lines:
        canvas.drawCentredString(centre, y, line)
        y -= 22
    if seal is not None:
        radius = 20 * mm
        canvas.drawImage(
            seal,
            centre - radius,
            46 * mm + 11 - radius,
            2 * radius,
            2 * radius,
            mask="auto",
            preserveAspectRatio=True,
            anchor="c",
        )
    if honour.unit:
        canvas.setFillColor(MUTED)
        canvas.setFont(font, 11)
        canvas.drawString(left, 32 * mm, honour.unit)
    if honour.serial:
        canvas.setFillColor(MUTED)
        canvas.setFont(font, 9)
        canvas.drawString(left, 25 * mm, honour.serial)
    canvas.showPage()
