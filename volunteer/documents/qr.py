"""QR codes drawn as vector squares from the qrcode library's matrix, sharp at any print size."""

from __future__ import annotations

import qrcode
from qrcode.base import EXP_TABLE, LOG_TABLE, rs_blocks
from qrcode.constants import ERROR_CORRECT_M
from qrcode.util import MODE_8BIT_BYTE, PAD0, PAD1, BitBuffer, QRData, length_in_bits
from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import Canvas

INK = HexColor("#1a1a1a")


def qr_matrix(
    text: str, *, error_correction: int = ERROR_CORRECT_M, mask_pattern: int | None = None
) -> list[list[bool]]:
    """Return the modules of the smallest QR code holding `text`, without a quiet zone.

    With `mask_pattern` fixed (0–7) the code skips trying all eight masks, six times faster;
    every reader decodes any mask.
    """
    code = qrcode.QRCode(
        version=qr_version(text, error_correction=error_correction),
        error_correction=error_correction,
        border=0,
        mask_pattern=mask_pattern,
    )
    segment = QRData(text.encode())
    code.add_data(segment)
    # qrcode computes the error correction with a polynomial class, two thirds of its time;
    # the same codewords from a table-driven encoder (tests compare the two) make it 3x faster.
    code.data_cache = codewords(code.version, error_correction, segment)
    code.make(fit=False)
    return code.get_matrix()


def qr_version(text: str, *, error_correction: int = ERROR_CORRECT_M) -> int:
    """Return the QR version (1–40) that `text` needs: 4·version + 17 modules a side.

    The text is one segment in the densest mode it allows (digits, upper-case letters, bytes),
    so the version depends only on its length and mode: remembered for the next code.
    """
    segment = QRData(text.encode())
    key = (len(segment), segment.mode, error_correction)
    if key not in _VERSIONS:
        code = qrcode.QRCode(error_correction=error_correction, border=0)
        code.add_data(segment)
        _VERSIONS[key] = code.best_fit()
    return _VERSIONS[key]


_VERSIONS: dict[tuple[int, int, int], int] = {}


def codewords(version: int, error_correction: int, segment: QRData) -> list[int]:
    """The data and error-correction codewords of a one-segment code, interleaved by block.

    The same as qrcode.util.create_data, with Reed–Solomon done by log tables.
    """
    blocks = rs_blocks(version, error_correction)
    capacity = sum(block.data_count for block in blocks)
    stream = _data_bytes(version, segment, capacity * 8)
    stream += [PAD0, PAD1] * ((capacity - len(stream)) // 2 + 1)
    del stream[capacity:]
    data_blocks, ecc_blocks, offset = [], [], 0
    for block in blocks:
        data = stream[offset : offset + block.data_count]
        offset += block.data_count
        data_blocks.append(data)
        ecc_blocks.append(_remainder(data, block.total_count - block.data_count))
    return _interleave(data_blocks) + _interleave(ecc_blocks)


def _data_bytes(version: int, segment: QRData, bit_limit: int) -> list[int]:
    """The segment's header and data, terminated and cut into bytes (before the padding)."""
    count_bits = length_in_bits(segment.mode, version)
    if segment.mode == MODE_8BIT_BYTE:
        # Whole bytes: one big integer is much faster than qrcode's bit-by-bit buffer.
        payload = bytes(segment.data)
        value = (segment.mode << count_bits | len(payload)) << (8 * len(payload))
        value |= int.from_bytes(payload, "big") if payload else 0
        bits = 4 + count_bits + 8 * len(payload)
    else:
        buffer = BitBuffer()
        buffer.put(segment.mode, 4)
        buffer.put(len(segment), count_bits)
        segment.write(buffer)
        bits = len(buffer)
        value = int("".join("1" if buffer.get(i) else "0" for i in range(bits)), 2)
    if bits > bit_limit:
        raise ValueError(f"{bits} bits do not fit in version {version}")
    terminator = min(bit_limit - bits, 4)
    value, bits = value << terminator, bits + terminator
    value, bits = value << (-bits % 8), bits + (-bits % 8)
    return list(value.to_bytes(bits // 8, "big"))


def _interleave(blocks: list[list[int]]) -> list[int]:
    longest = max(len(block) for block in blocks)
    return [block[i] for i in range(longest) for block in blocks if i < len(block)]


def _remainder(data: list[int], count: int) -> list[int]:
    """The `count` error-correction codewords of `data`: its remainder by the generator."""
    rows = _generator_multiples(count)
    remainder = [0] * count
    for byte in data:
        row = rows[byte ^ remainder[0]]
        remainder.append(0)
        remainder = [value ^ product for value, product in zip(remainder[1:], row, strict=True)]
    return remainder


def _generator_multiples(count: int) -> list[list[int]]:
    """For each byte value, the generator's coefficients (after the leading 1) times it."""
    if count not in _GENERATORS:
        coefficients = [1]
        for i in range(count):
            product = [*coefficients, 0]
            for j, value in enumerate(coefficients):
                if value:
                    product[j + 1] ^= EXP_TABLE[(LOG_TABLE[value] + i) % 255]
            coefficients = product
        logs = [LOG_TABLE[value] for value in coefficients[1:]]
        _GENERATORS[count] = [[0] * count] + [
            [EXP_TABLE[(LOG_TABLE[factor] + log) % 255] for log in logs] for factor in range(1, 256)
        ]
    return _GENERATORS[count]


_GENERATORS: dict[int, list[list[int]]] = {}


def draw_qr(
    canvas: Canvas,
    text: str,
    x: float,
    y: float,
    size: float,
    *,
    error_correction: int = ERROR_CORRECT_M,
    mask_pattern: int | None = None,
    color: Color = INK,
) -> None:
    """Draw a QR code of `text` filling the square at (x, y); the paper is its quiet zone."""
    matrix = qr_matrix(text, error_correction=error_correction, mask_pattern=mask_pattern)
    module = size / len(matrix)
    # One rectangle per run of dark modules, in module units (the matrix turned into PDF
    # operators directly: a code is hundreds of rectangles, on every page of a batch).
    # Each is slightly taller than a module, so no hairlines show between rows.
    operators = []
    for row_index, row in enumerate(matrix):
        column, width = 0, len(row)
        while column < width:
            if not row[column]:
                column += 1
                continue
            run = column
            while run < width and row[run]:
                run += 1
            operators.append(f"{column} {row_index} {run - column} 1.02 re")
            column = run
    canvas.saveState()
    canvas.setFillColor(color)
    canvas.transform(module, 0, 0, -module, x, y + size)  # rows counted downwards from the top
    canvas.addLiteral("\n".join(operators) + "\nf")
    canvas.restoreState()
