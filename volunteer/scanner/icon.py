"""The installed scanner's icon, drawn as a PNG: plain data in, bytes out, no Flask.

A red tile with a white card holding a QR code's three finder squares, drawn cell by cell at
any size, so no image file is copied into the repository.
"""

from __future__ import annotations

import struct
import zlib

RED = (0xC8, 0x10, 0x2E)
WHITE = (0xFF, 0xFF, 0xFF)
INK = (0x1F, 0x29, 0x33)
GRID = 25  # cells across the tile; the white card (CARD) sits inside a 4-cell red margin
MARGIN = 4
CARD = (
    ".................",
    ".#######.#######.",
    ".#.....#.#.....#.",
    ".#.###.#.#.###.#.",
    ".#.###.#.#.###.#.",
    ".#.###.#.#.###.#.",
    ".#.....#.#.....#.",
    ".#######.#######.",
    ".................",
    ".#######.#.#..##.",
    ".#.....#..##.#...",
    ".#.###.#.#..##.#.",
    ".#.###.#..#.#..#.",
    ".#.###.#.##...#..",
    ".#.....#.#..#.##.",
    ".#######.##.#..#.",
    ".................",
)


def cell_colour(column: int, row: int) -> tuple[int, int, int]:
    """Return the colour of one cell of the icon's grid."""
    x, y = column - MARGIN, row - MARGIN
    if not (0 <= x < len(CARD) and 0 <= y < len(CARD)):
        return RED
    return INK if CARD[y][x] == "#" else WHITE


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def icon_png(size: int) -> bytes:
    """Return the icon as a `size`×`size` RGB PNG."""
    rows = []
    for y in range(size):
        row = bytearray(b"\x00")  # filter: none
        cell_row = y * GRID // size
        for x in range(size):
            row.extend(cell_colour(x * GRID // size, cell_row))
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )
