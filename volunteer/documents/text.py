"""Breaking text into lines that fit a width, shared by every layout."""

from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase import pdfmetrics

# Punctuation that must not begin a line (the usual 避头 rule of Chinese typesetting).
NO_LINE_START = frozenset("，。、；：？！）》」』】〉”’,.;:?!)%")


@lru_cache(maxsize=16384)
def _unit_width(font: str, char: str) -> float:
    """Width of one character at size 1 (TrueType text has no kerning in reportlab)."""
    return pdfmetrics.stringWidth(char, font, 1)


def text_width(text: str, font: str, size: float) -> float:
    """Width of `text` at `size`, from cached character widths."""
    return sum(_unit_width(font, char) for char in text) * size


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break text into lines that fit `width`: at spaces for Latin words, anywhere for Chinese."""
    lines: list[str] = []
    limit = width / size + 1e-9
    for paragraph in text.splitlines() or [""]:
        line, used = "", 0.0
        for char in paragraph:
            char_width = _unit_width(font, char)
            if used + char_width <= limit:
                line += char
                used += char_width
                continue
            space = line.rfind(" ")
            if char != " " and space > 0 and char.isascii() and line[-1:].isascii():
                lines.append(line[:space])
                line = line[space + 1 :] + char
            elif char in NO_LINE_START and len(line) > 1:
                lines.append(line[:-1])  # carry the last character down with the punctuation
                line = line[-1] + char
            else:
                lines.append(line)
                line = char.lstrip()
            used = sum(_unit_width(font, c) for c in line)
        lines.append(line)
    return lines


def fit(
    text: str, font: str, width: float, *, sizes: tuple[float, ...], max_lines: int
) -> tuple[float, list[str]]:
    """Return the largest size at which `text` fits in `max_lines`, and its lines."""
    for size in sizes:
        lines = wrap(text, font, size, width)
        if len(lines) <= max_lines:
            return size, lines
    size = sizes[-1]
    return size, wrap(text, font, size, width)[:max_lines]
