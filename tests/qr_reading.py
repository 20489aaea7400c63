"""Read QR codes the way a phone does, from the rendered image: the app's SVGs (data: URIs) are
painted module by module onto a bitmap, PDFs rasterised with pdftoppm, then zxing-cpp decodes."""

from __future__ import annotations

import base64
import re
import subprocess
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import zxingcpp
from PIL import Image, ImageDraw

PIXELS_PER_MODULE = 8
_SQUARE = re.compile(r"M(\d+),(\d+)H(\d+)V(\d+)H\d+z")
_VIEWBOX = re.compile(r'viewBox="0 0 (\d+) (\d+)"')


@dataclass(frozen=True)
class ReadCode:
    """What a reader finds in an image: the text, the QR version and the correction level."""

    text: str
    version: int
    level: str


def svg_bitmap(svg: bytes) -> Image.Image:
    """Paint an SVG made by registration/qr.py (filled squares on white) onto a bitmap."""
    text = svg.decode()
    match = _VIEWBOX.search(text)
    assert match, "not an SVG of the app's QR codes"
    width, height = int(match[1]), int(match[2])
    image = Image.new("L", (width * PIXELS_PER_MODULE, height * PIXELS_PER_MODULE), 255)
    draw = ImageDraw.Draw(image)
    squares = _SQUARE.findall(text)
    assert squares, "no modules drawn"
    for left, top, right, bottom in squares:
        box = [int(v) * PIXELS_PER_MODULE for v in (left, top, right, bottom)]
        draw.rectangle([box[0], box[1], box[2] - 1, box[3] - 1], fill=0)
    return image


def data_uri_svg(uri: str) -> bytes:
    """Return the SVG document inside a data:image/svg+xml;base64 URI."""
    prefix = "data:image/svg+xml;base64,"
    assert uri.startswith(prefix), uri[:40]
    return base64.b64decode(uri.removeprefix(prefix))


def read_codes(image: Image.Image) -> list[ReadCode]:
    """Decode every QR code in the image, with the version and level its symbol shows."""
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return [
        ReadCode(code.text, int(code.extra["Version"]), str(code.extra["ECLevel"]))
        for code in found
    ]


def read_svg(svg: bytes) -> ReadCode:
    """Decode the one QR code an SVG shows."""
    (code,) = read_codes(svg_bitmap(svg))
    return code


def read_pdf_page(pdf: bytes, tmp_path: Path, dpi: int = 150) -> list[ReadCode]:
    """Rasterise a PDF's first page as a printer would and decode its QR codes."""
    source = tmp_path / "document.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            str(source),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    (page,) = sorted(tmp_path.glob("page*.png"))
    return read_codes(Image.open(BytesIO(page.read_bytes())).convert("L"))
