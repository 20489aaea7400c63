"""Page furniture the certificates share: borders, the seal's place, labelled lines."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO

from reportlab import rl_config
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

INK = HexColor("#1a1a1a")
MUTED = HexColor("#5a5a5a")
FAINT = HexColor("#9a9a9a")
RULE = HexColor("#7a7a7a")
SEAL_RED = HexColor("#c62828")


def double_border(
    canvas: Canvas,
    width: float,
    height: float,
    inset: float,
    gap: float,
    *,
    color: Color = INK,
    outer: float = 1.2,
    inner: float = 0.4,
) -> None:
    """Draw two concentric rectangles `inset` from the page edge, `gap` apart."""
    canvas.setStrokeColor(color)
    canvas.setLineWidth(outer)
    canvas.rect(inset, inset, width - 2 * inset, height - 2 * inset, stroke=1, fill=0)
    canvas.setLineWidth(inner)
    inner_inset = inset + gap
    canvas.rect(
        inner_inset,
        inner_inset,
        width - 2 * inner_inset,
        height - 2 * inner_inset,
        stroke=1,
        fill=0,
    )


def seal_reader(seal_png: bytes | None) -> ImageReader | None:
    """Read the seal image once, so every page of a batch reuses it."""
    return ImageReader(BytesIO(seal_png)) if seal_png else None


def seal_place(
    canvas: Canvas,
    x: float,
    y: float,
    radius: float,
    *,
    font: str,
    label: str,
    seal: ImageReader | None,
) -> None:
    """Draw the seal image centred at (x, y), or a dashed circle labelled where to stamp."""
    if seal is not None:
        canvas.drawImage(
            seal,
            x - radius,
            y - radius,
            2 * radius,
            2 * radius,
            mask="auto",
            preserveAspectRatio=True,
            anchor="c",
        )
        return
    canvas.saveState()
    canvas.setStrokeColor(FAINT)
    canvas.setLineWidth(0.6)
    canvas.setDash(3, 2)
    canvas.circle(x, y, radius, stroke=1, fill=0)
    canvas.restoreState()
    canvas.setFillColor(FAINT)
    canvas.setFont(font, 9)
    canvas.drawCentredString(x, y - 3, label)


def new_canvas(buffer: BytesIO, pagesize: tuple[float, float], font: str) -> Canvas:
    """A compressed canvas whose bytes depend only on what is drawn (no date, no random id).

    Its initial font is the CJK one, so no unused Helvetica is referenced.
    """
    canvas = Canvas(
        buffer,
        pagesize=pagesize,
        pageCompression=1,
        invariant=1,
        initialFontName=font,  # type: ignore[arg-type]  # the stubs say float; it is a name
    )
    canvas.setCreator("volunteer")
    return canvas


@contextmanager
def binary_streams() -> Iterator[None]:
    """Write compressed streams as binary, not ASCII85: a quarter smaller and faster to save."""
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before
