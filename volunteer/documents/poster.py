"""The printable poster of an activity's static QR code: plain text in, A4 PDF bytes out.

No Flask here: the caller passes every line already translated and the URL to encode.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO

from qrcode.constants import ERROR_CORRECT_Q
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from volunteer.documents.drawing import binary_streams, new_canvas
from volunteer.documents.fonts import DEFAULT_FONT_PATH, cjk_font
from volunteer.documents.qr import draw_qr
from volunteer.documents.text import fit, wrap

MARGIN = 18 * mm
INK = HexColor("#1a1a1a")
MUTED = HexColor("#555555")
ACCENT = HexColor("#b71c1c")


@dataclass(frozen=True)
class Poster:
    """What the poster says, already in the reader's language."""

    title: str
    heading: str  # above the code, e.g. 扫码签到 / 签退
    facts: list[tuple[str, str]]  # (label, value): time, place, organiser
    instructions: list[str]
    note: str  # that records made with this code are marked as poster-code sign-ins
    url: str  # what the QR code encodes
    footer: str = ""
    author: str = ""
    keywords: list[str] = field(default_factory=list)


def render_poster(poster: Poster, *, font_path: str | None = DEFAULT_FONT_PATH) -> bytes:
    """Draw the poster on one A4 page and return the PDF."""
    font = cjk_font(font_path)
    buffer = BytesIO()
    canvas = new_canvas(buffer, A4, font)
    canvas.setTitle(poster.title)
    canvas.setAuthor(poster.author)
    canvas.setSubject(poster.heading)
    width, height = A4
    text_width = width - 2 * MARGIN

    # Title: as large as fits in two lines.
    y = height - MARGIN
    size, lines = fit(poster.title, font, text_width, sizes=(34, 30, 26, 22, 18), max_lines=2)
    canvas.setFillColor(INK)
    for line in lines:
        y -= size * 1.25
        canvas.setFont(font, size)
        canvas.drawCentredString(width / 2, y, line)

    # Facts: time, place, organiser.
    y -= 10 * mm
    canvas.setFont(font, 14)
    for label, value in poster.facts:
        for index, line in enumerate(wrap(value, font, 14, text_width - 25 * mm)):
            y -= 14 * 1.5
            if index == 0:
                canvas.setFillColor(MUTED)
                canvas.drawString(MARGIN, y, label)
            canvas.setFillColor(INK)
            canvas.drawString(MARGIN + 25 * mm, y, line)

    # The code, as large as the page allows, under its heading.
    y -= 12 * mm
    canvas.setFillColor(ACCENT)
    canvas.setFont(font, 26)
    canvas.drawCentredString(width / 2, y, poster.heading)
    y -= 10 * mm
    bottom_reserved = 62 * mm
    side = min(110 * mm, y - bottom_reserved)
    draw_qr(
        canvas, poster.url, (width - side) / 2, y - side, side, error_correction=ERROR_CORRECT_Q
    )
    y -= side + 8 * mm

    # How to use it, and what the records will say.
    canvas.setFillColor(INK)
    for number, instruction in enumerate(poster.instructions, start=1):
        for index, line in enumerate(wrap(instruction, font, 13, text_width - 8 * mm)):
            y -= 13 * 1.5
            canvas.setFont(font, 13)
            if index == 0:
                canvas.drawString(MARGIN, y, f"{number}.")
            canvas.drawString(MARGIN + 8 * mm, y, line)
    y -= 4 * mm
    canvas.setFillColor(MUTED)
    canvas.setFont(font, 11)
    for line in wrap(poster.note, font, 11, text_width):
        y -= 11 * 1.5
        canvas.drawString(MARGIN, y, line)
    if poster.footer:
        canvas.setFont(font, 9)
        canvas.drawRightString(width - MARGIN, MARGIN / 2, poster.footer)

    canvas.showPage()
    with binary_streams():
        canvas.save()
    return buffer.getvalue()
