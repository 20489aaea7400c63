"""The annual certificate and the record certificate across years: A4 portrait, one person each.

`render_certificate` draws one person; `render_certificates` draws many into one PDF (a unit's
batch), reusing the font, the border and the seal image on every page.

Every word printed comes from the `Certificate`: its fields and `labels`; a label missing from
`labels` falls back to its Chinese default in `volunteer.documents.labels.DEFAULT_LABELS`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from io import BytesIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from volunteer.documents.data import Certificate
from volunteer.documents.drawing import (
    INK,
    MUTED,
    binary_streams,
    double_border,
    new_canvas,
    seal_place,
    seal_reader,
)
from volunteer.documents.fonts import cjk_font
from volunteer.documents.labels import DEFAULT_LABELS
from volunteer.documents.layout import Flow
from volunteer.documents.qr import draw_qr
from volunteer.documents.text import wrap

WIDTH, HEIGHT = A4
MARGIN = 24 * mm
CONTENT = WIDTH - 2 * MARGIN
FOOTER_TOP = 78 * mm  # the flow of fields ends above the QR code and the issuer block
SCALES = tuple(1 - step / 25 for step in range(11))  # 1.0 down to 0.6
QR_MASK = 2  # one fixed mask: six times faster than trying all eight, read by every scanner


@dataclass
class _Batch:
    """What the pages of one PDF share: the canvas, the font, the forms already defined."""

    canvas: Canvas
    font: str
    forms: set[str] = field(default_factory=set)


def render_certificate(cert: Certificate, *, font_path: str | None = None) -> bytes:
    """Draw one person's certificate (and its detailed pages) and return the PDF."""
    return render_certificates([cert], font_path=font_path)


def render_certificates(certs: Iterable[Certificate], *, font_path: str | None = None) -> bytes:
    """Draw many certificates into one PDF, in the order given, and return it."""
    buffer = BytesIO()
    font = cjk_font(font_path)
    with binary_streams():
        canvas = new_canvas(buffer, A4, font)
        batch = _Batch(canvas, font)
        for cert in certs:
            if not batch.forms:
                canvas.setTitle(cert.title)
                canvas.setAuthor(cert.author or cert.issuer.body)
            _certificate_page(batch, cert)
            if cert.services:
                _service_pages(batch, cert)
        if not batch.forms:
            canvas.showPage()  # an empty batch is still a valid PDF
        canvas.save()
    return buffer.getvalue()


def _label(cert: Certificate, key: str) -> str:
    return cert.labels.get(key) or DEFAULT_LABELS[key]


def _border(batch: _Batch) -> None:
    """The thin double border, defined once per PDF and reused on every page."""
    canvas = batch.canvas
    if "border" not in batch.forms:
        canvas.beginForm("border")
        double_border(canvas, WIDTH, HEIGHT, 11 * mm, 1.6 * mm, outer=1.0, inner=0.35)
        canvas.endForm()
        batch.forms.add("border")
    canvas.doForm("border")


def _seal(batch: _Batch, cert: Certificate) -> str:
    """The seal image, or the dashed circle where to stamp: a form defined once per PDF."""
    png = cert.issuer.seal_png
    label = _label(cert, "seal")
    key = hashlib.sha1(png or label.encode()).hexdigest()[:16]
    name = f"seal-{key}"
    if name not in batch.forms:
        canvas = batch.canvas
        canvas.beginForm(name)
        place = (WIDTH - MARGIN - 22 * mm, FOOTER_TOP - 26 * mm, 19 * mm)
        seal_place(canvas, *place, font=batch.font, label=label, seal=seal_reader(png))
        canvas.endForm()
        batch.forms.add(name)
    return name


def _header(batch: _Batch, cert: Certificate) -> None:
    canvas, font = batch.canvas, batch.font
    _seal(batch, cert)  # forms are defined before anything is drawn on the page
    _border(batch)
    canvas.setFillColor(MUTED)
    canvas.setFont(font, 9)
    canvas.drawRightString(
        WIDTH - MARGIN, HEIGHT - 20 * mm, f"{_label(cert, 'serial')}：{cert.serial}"
    )


def _fields(cert: Certificate) -> list[tuple[str, str]]:
    unit = "　".join(part for part in (cert.unit, cert.department) if part)
    rows = [
        (_label(cert, "name"), cert.name),
        (_label(cert, "id_number"), cert.masked_id_number),
    ]
    if cert.volunteer_number:
        rows.append((_label(cert, "volunteer_number"), cert.volunteer_number))
    rows += [
        (_label(cert, "unit"), unit),
        (_label(cert, "period"), cert.period),
        (_label(cert, "hours"), f"{cert.hours} {_label(cert, 'hours_unit')}"),
        (_label(cert, "activities"), f"{cert.activities} {_label(cert, 'activities_unit')}"),
    ]
    if cert.categories:
        unit_word = _label(cert, "hours_unit")
        listed = "；".join(f"{name} {hours} {unit_word}" for name, hours in cert.categories)
        rows.append((_label(cert, "categories"), listed))
    return rows


YEAR_WIDTHS = (0.22, 0.28, 0.22, 0.28)


def _year_table(cert: Certificate) -> tuple[list[str], list[list[str]]]:
    header = [
        _label(cert, "year"),
        _label(cert, "year_hours"),
        _label(cert, "year_activities"),
        _label(cert, "cumulative"),
    ]
    rows = [
        [str(line.year), line.hours, str(line.activities), line.cumulative_hours]
        for line in cert.years
    ]
    return header, rows


def _flow(flow: Flow, cert: Certificate, bottom: float | None = None) -> list[list[str]]:
    """The fields, the statement, the years and the note, top to bottom.

    With `bottom`, the years that do not fit above it are returned (and the note is left
    for the page they continue on).
    """
    flow.title(cert.title, 26)
    flow.space(7 * mm)
    flow.label_table(_fields(cert), label_width=30 * mm, size=11.5)
    flow.space(6 * mm)
    flow.paragraph(cert.statement, 12.5, indent=2, leading=1.75)
    if cert.star_statement:
        flow.space(1.5 * mm)
        flow.paragraph(cert.star_statement, 12.5, indent=2, leading=1.75, bold=True)
    rest: list[list[str]] = []
    if cert.years:
        flow.space(4 * mm)
        header, rows = _year_table(cert)
        rest = flow.grid(header, rows, widths=YEAR_WIDTHS, size=10.5, bottom=bottom)
    if cert.note and not rest:
        flow.space(4 * mm)
        flow.paragraph(cert.note, 8.5, leading=1.5, color=MUTED)
    return rest


def _certificate_page(batch: _Batch, cert: Certificate) -> None:
    canvas, font = batch.canvas, batch.font
    _header(batch, cert)
    top, bottom = HEIGHT - 30 * mm, FOOTER_TOP + 4 * mm
    overflow: float | None = bottom  # unless it fits at some scale: then nothing overflows
    for scale in SCALES:
        measure = Flow(None, font, MARGIN, CONTENT, top, scale)
        _flow(measure, cert)
        if measure.y >= bottom:
            overflow = None
            break
    flow = Flow(canvas, font, MARGIN, CONTENT, top, scale)
    if overflow is None and measure.spaced:  # room to spare: wider gaps, at most 2.5 times
        flow.stretch = 1 + min((measure.y - bottom) / measure.spaced, 1.5)
    rest = _flow(flow, cert, overflow)
    _footer(batch, cert)
    canvas.showPage()
    if rest:  # more years than one page holds, even small: they continue, then the note
        header, _ = _year_table(cert)
        _continued(batch, cert, cert.title, header, rest, YEAR_WIDTHS, note=cert.note)


def _footer(batch: _Batch, cert: Certificate) -> None:
    """The QR code bottom-left, the issuer block and the seal's place bottom-right."""
    canvas, font = batch.canvas, batch.font
    side, base = 27 * mm, 22 * mm
    draw_qr(canvas, cert.verify_url, MARGIN, base, side, mask_pattern=QR_MASK)
    canvas.setFillColor(INK)
    canvas.setFont(font, 9.5)
    text_x = MARGIN + side + 3 * mm
    canvas.drawString(text_x, base + side - 9, _label(cert, "verify"))
    canvas.setFillColor(MUTED)
    canvas.setFont(font, 6.5)
    y = base + side - 21
    for line in wrap(cert.verify_url, font, 6.5, 48 * mm)[:4]:
        canvas.drawString(text_x, y, line)
        y -= 8.5

    issuer = cert.issuer
    block_x, block_width = WIDTH - MARGIN - 78 * mm, 78 * mm
    rows = [
        (_label(cert, "issuer"), issuer.body),
        (_label(cert, "head"), issuer.head),
        (_label(cert, "clerk"), issuer.clerk),
        (_label(cert, "contact"), issuer.contact),
        (_label(cert, "issue_date"), cert.issue_date),
    ]
    lines: list[str] = []
    for label, value in rows:
        if value:
            lines += wrap(f"{label}：{value}", font, 10.5, block_width)
    y = FOOTER_TOP - 6 * mm
    canvas.setFillColor(INK)
    canvas.setFont(font, 10.5)
    for line in lines[:8]:
        canvas.drawString(block_x, y, line)
        y -= 16
    canvas.doForm(_seal(batch, cert))


def _service_pages(batch: _Batch, cert: Certificate) -> None:
    """The detailed list of activities (date, title, hours), as many pages as it takes."""
    header = [
        _label(cert, "service_day"),
        _label(cert, "service_title"),
        _label(cert, "service_hours"),
    ]
    rows = [[line.day.isoformat(), line.title, line.hours] for line in cert.services]
    heading = f"{cert.title}　{_label(cert, 'services')}"
    _continued(batch, cert, heading, header, rows, (0.2, 0.62, 0.18), left_aligned=(1,))


def _continued(
    batch: _Batch,
    cert: Certificate,
    heading: str,
    header: list[str],
    rows: list[list[str]],
    widths: tuple[float, ...],
    *,
    left_aligned: tuple[int, ...] = (),
    note: str = "",
) -> None:
    """A table on pages of its own under the person's name, as many pages as it takes."""
    canvas, font = batch.canvas, batch.font
    while rows:
        _header(batch, cert)
        flow = Flow(canvas, font, MARGIN, CONTENT, HEIGHT - 30 * mm, 1.0)
        flow.title(heading, 16)
        flow.space(3 * mm)
        flow.paragraph(f"{_label(cert, 'name')}：{cert.name}　{cert.period}", 11)
        flow.space(3 * mm)
        bottom = (34 if note else 22) * mm  # room for the note under the last row
        rows = flow.grid(
            header, rows, widths=widths, size=10, left_aligned=left_aligned, bottom=bottom
        )
        if not rows and note:
            flow.space(4 * mm)
            flow.paragraph(note, 8.5, leading=1.5, color=MUTED)
        canvas.showPage()
