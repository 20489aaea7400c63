"""Draw a QR code as SVG: text in, bytes out, so it prints sharp at any size."""

import qrcode
from qrcode.image.svg import SvgPathFillImage

# Quartile correction survives a creased or smudged printed poster; the link is short anyway.
ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_Q
# The standard's quiet zone: scanners need four blank modules around the code.
QUIET_ZONE = 4


def svg_qr_code(text: str) -> bytes:
    """Return an SVG document (UTF-8, white background) of a QR code encoding `text`."""
    code = qrcode.QRCode(
        error_correction=ERROR_CORRECTION,
        border=QUIET_ZONE,
        image_factory=SvgPathFillImage,
    )
    code.add_data(text)
    code.make(fit=True)
    return code.make_image().to_string(encoding="utf-8")
