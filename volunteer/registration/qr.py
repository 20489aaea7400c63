"""Draw a QR code as SVG: text in, bytes out, so it prints sharp at any size."""

import qrcode
from qrcode.image.svg import SvgPathFillImage

# Quartile correction survives a creased or smudged printed poster; the link is short anyway.
ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_Q
# The standard's quiet zone: scanners need four blank modules around the code.
QUIET_ZONE = 4
# Check-in codes (screen, personal, badge) are read from afar: DESIGN.md §5 asks version 5 or
# lower at medium correction.
SCAN_CORRECTION = qrcode.constants.ERROR_CORRECT_M


def svg_qr_code(text: str, error_correction: int = ERROR_CORRECTION) -> bytes:
    """Return an SVG document (UTF-8, white background) of a QR code encoding `text`."""
    code = qrcode.QRCode(
        error_correction=error_correction,
        border=QUIET_ZONE,
        image_factory=SvgPathFillImage,
    )
    code.add_data(text)
    code.make(fit=True)
    svg: bytes = code.make_image().to_string(encoding="utf-8")
    return svg
