"""Read a file row by row as the text a person sees in each cell: the CSV reader, and the shape
every reader has (the .xlsx one is xlsx_rows.py).

Pure: bytes in, rows out. Handles UTF-8 with or without BOM and GBK/GB18030 (as Excel saves CSV
in China). Rows are read as they are asked for, so the caller stops reading at its row limit.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Protocol

from volunteer.imports.limits import FileLimits, FileRefused
from volunteer.texts import N_

_LONGEST_LINE_FLOOR = 1024 * 1024
LINE_TOO_LONG = N_("这一行超过 %(max)s 个字符，不像是正常的 CSV 文件，请检查后重新保存")
UNKNOWN_ENCODING = N_("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV")


class Rows(Protocol):
    """A file opened for reading: its header row, then its other rows, then closed."""

    def header(self) -> list[str] | None:
        """Return the first row's cells, or None for a file without rows."""

    def rows(self, width: int) -> Iterator[list[str]]:
        """Yield the rows after the header, blank ones too, each cut at `width` cells at most."""

    def close(self) -> None:
        """Let go of the file."""


class CsvRows:
    """The rows of a CSV file."""

    def __init__(self, data: bytes, limits: FileLimits):
        # csv builds a whole row before anyone can count its cells: bound it by its line. The
        # widest row of the longest cells fits, and a megabyte at least, so that a single field
        # past csv's own limit (128 KiB) is reported by csv, as unreadable from its row on.
        widest_row = limits.max_columns * (limits.max_cell_chars + 3)
        self._longest_line = max(widest_row, _LONGEST_LINE_FLOOR)
        self._reader = csv.reader(self._lines(decode_csv(data)))

    def _lines(self, text: str) -> Iterator[str]:
        # newline="": \r\n, \n and the old Mac's lone \r all end a line, as csv expects.
        for number, line in enumerate(io.StringIO(text, newline=""), start=1):
            if len(line) > self._longest_line:
                raise FileRefused(LINE_TOO_LONG, row=number, max=self._longest_line)
            yield line

    def header(self) -> list[str] | None:
        return next(self._reader, None)

    def rows(self, width: int) -> Iterator[list[str]]:
        for cells in self._reader:
            yield cells[:width]

    def close(self) -> None:
        pass


def decode_csv(data: bytes) -> str:
    """Decode CSV bytes: UTF-8 (BOM or not) first, then GB18030, the superset of GBK."""
    has_bom = data.startswith(b"\xef\xbb\xbf")
    try:
        return data[3:].decode("utf-8") if has_bom else data.decode("utf-8")
    except UnicodeDecodeError as error:
        if has_bom:
            raise FileRefused(UNKNOWN_ENCODING) from error
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise FileRefused(UNKNOWN_ENCODING) from error
