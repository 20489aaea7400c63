"""The printable poster of an activity's static QR code: plain text in, A4 PDF bytes out.

No Flask here: the caller passes every line already translated and the URL to encode.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import qrcode
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

# Debian's fonts-wqy-zenhei: a TrueType CJK font that reportlab can embed (OpenType/CFF fonts
# such as Noto CJK it cannot). The first face of the collection is the proportional one.
DEFAULT_FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
# Built into reportlab and every PDF reader in China: used when no TrueType CJK font is found.
FALLBACK_FONT = "STSong-Light"

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


def cjk_font(font_path: str | None = DEFAULT_FONT_PATH) -> str:
    """Register a CJK font for reportlab once per process and return its name."""
    if font_path and Path(font_path).is_file():
        name = "CJK-" + hashlib.sha1(font_path.encode()).hexdigest()[:8]
        if name in pdfmetrics.getRegisteredFontNames():
            return name
        try:
            pdfmetrics.registerFont(TTFont(name, font_path, subfontIndex=0))
        except Exception:
            pass
        else:
            return name
    if FALLBACK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
    return FALLBACK_FONT


def render_poster(poster: Poster, *, font_path: str | None = DEFAULT_FONT_PATH) -> bytes:
    """Draw the poster on one A4 page and return the PDF."""
    font = cjk_font(font_path)
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(poster.title)
    canvas.setAuthor(poster.author)
    canvas.setSubject(poster.heading)
    canvas.setCreator("volunteer")
    width, height = A4
    text_width = width - 2 * MARGIN

    # Title: as large as fits in two lines.
    y = height - MARGIN
    size, lines = _fit(poster.title, font, text_width, sizes=(34, 30, 26, 22, 18), max_lines=2)
    canvas.setFillColor(INK)
    for line in lines:
        y -= size * 1.25
        canvas.setFont(font, size)
        canvas.drawCentredString(width / 2, y, line)

    # Facts: time, place, organiser.
    y -= 10 * mm
    canvas.setFont(font, 14)
    for label, value in poster.facts:
        for index, line in enumerate(_wrap(value, font, 14, text_width - 25 * mm)):
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
    _draw_qr(canvas, poster.url, (width - side) / 2, y - side, side)
    y -= side + 8 * mm

    # How to use it, and what the records will say.
    canvas.setFillColor(INK)
    for number, instruction in enumerate(poster.instructions, start=1):
        for index, line in enumerate(_wrap(instruction, font, 13, text_width - 8 * mm)):
            y -= 13 * 1.5
            canvas.setFont(font, 13)
            if index == 0:
                canvas.drawString(MARGIN, y, f"{number}.")
            canvas.drawString(MARGIN + 8 * mm, y, line)
    y -= 4 * mm
    canvas.setFillColor(MUTED)
    canvas.setFont(font, 11)
    for line in _wrap(poster.note, font, 11, text_width):
        y -= 11 * 1.5
        canvas.drawString(MARGIN, y, line)
    if poster.footer:
        canvas.setFont(font, 9)
        canvas.drawRightString(width - MARGIN, MARGIN / 2, poster.footer)

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_qr(canvas: Canvas, text: str, x: float, y: float, side: float) -> None:
    """Draw a QR code of `text` filling the square at (x, y); the paper is its quiet zone."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=0)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    module = side / len(matrix)
    canvas.setFillColor(INK)
    for row_index, row in enumerate(matrix):
        top = y + side - (row_index + 1) * module
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            run = column
            while run < len(row) and row[run]:
                run += 1
            # One rectangle per run of dark modules, slightly overlapping so no hairlines show.
            canvas.rect(x + column * module, top, (run - column) * module, module * 1.02, 0, 1)
            column = run


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break text into lines that fit `width`: at spaces for Latin words, anywhere for Chinese."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for char in paragraph:
            candidate = line + char
            if pdfmetrics.stringWidth(candidate, font, size) <= width:
                line = candidate
                continue
            space = line.rfind(" ")
            if char != " " and space > 0 and char.isascii() and line[-1:].isascii():
                lines.append(line[:space])
                line = line[space + 1 :] + char
            else:
                lines.append(line)
                line = char.lstrip()
        lines.append(line)
    return lines


def _fit(text, font, width, *, sizes, max_lines) -> tuple[float, list[str]]:
    """Return the largest size at which `text` fits in `max_lines`, and its lines."""
    for size in sizes:
        lines = _wrap(text, font, size, width)
        if len(lines) <= max_lines:
            return size, lines
    size = sizes[-1]
    return size, _wrap(text, font, size, width)[:max_lines]
