"""The campaign's own rules as plain functions: quotas, citations and attachment files."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

from volunteer.texts import N_

CITATION_MAX = 500
# What an attachment may be, told by its first bytes, never by its name or declared type.
MAGIC_NUMBERS = (
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"%PDF-", "application/pdf", "pdf"),
)
ATTACHMENT_REFUSED = N_("附件只能是 JPG、PNG 图片或 PDF 文件。")


def share_places(registered: int, percent: Decimal) -> int:
    """Return the places a share gives: `percent` of the registered volunteers, rounded down.

    A unit with any registered volunteer has at least one place, so a small unit can still
    put forward its best; a unit with none has none.
    """
    if registered <= 0:
        return 0
    places = (Decimal(registered) * percent / 100).to_integral_value(rounding=ROUND_FLOOR)
    return max(int(places), 1)


def citation_length(text: str) -> int:
    """Count a citation as the person typed it: one character per character, a line break one."""
    return len(text.replace("\r\n", "\n"))


def attachment_kind(content: bytes) -> tuple[str, str] | None:
    """Return (mimetype, extension) of an image or PDF by its magic bytes, or None."""
    for magic, mimetype, extension in MAGIC_NUMBERS:
        if content.startswith(magic):
            return mimetype, extension
    return None
