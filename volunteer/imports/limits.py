"""How much an import file may hold, so a small upload can never make a worker unpack gigabytes.

Pure: the limits are read from the settings named in volunteer/config.py (IMPORT_MAX_*).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from volunteer.config import DefaultConfig


@dataclass(frozen=True)
class FileLimits:
    """The most an import file may hold; past any of them the file is refused, unread."""

    # Rows after the header, blank rows included: reading stops at the first row past it.
    max_rows: int
    max_cell_chars: int
    # Cells in a row, and in the whole sheet (empty cells an .xlsx writes out count).
    max_columns: int
    max_cells: int
    # The file as uploaded (.csv or .xlsx).
    max_file_bytes: int
    # An .xlsx: how many parts its zip holds, and how large they unpack, together and each.
    max_xlsx_parts: int
    max_xlsx_bytes: int
    max_sheet_bytes: int
    max_shared_strings_bytes: int
    # Styles, workbook, relationships …: parsed whole, in memory, so kept small.
    max_other_part_bytes: int
    # A part larger than ratio_from_bytes may unpack to at most max_ratio times its packed size.
    max_ratio: int
    ratio_from_bytes: int

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> FileLimits:
        """Read the limits from the app's settings."""
        return cls(
            max_rows=int(config["IMPORT_MAX_ROWS"]),
            max_cell_chars=int(config["IMPORT_MAX_CELL_CHARS"]),
            max_columns=int(config["IMPORT_MAX_COLUMNS"]),
            max_cells=int(config["IMPORT_MAX_CELLS"]),
            max_file_bytes=int(config["IMPORT_MAX_FILE_BYTES"]),
            max_xlsx_parts=int(config["IMPORT_MAX_XLSX_PARTS"]),
            max_xlsx_bytes=int(config["IMPORT_MAX_XLSX_BYTES"]),
            max_sheet_bytes=int(config["IMPORT_MAX_XLSX_SHEET_BYTES"]),
            max_shared_strings_bytes=int(config["IMPORT_MAX_XLSX_SHARED_STRINGS_BYTES"]),
            max_other_part_bytes=int(config["IMPORT_MAX_XLSX_OTHER_PART_BYTES"]),
            max_ratio=int(config["IMPORT_MAX_XLSX_RATIO"]),
            ratio_from_bytes=int(config["IMPORT_XLSX_RATIO_FROM_BYTES"]),
        )


class FileRefused(Exception):
    """A file is refused before or while it is read; the importer turns this into its error table.

    `reason` is a msgid with %(name)s placeholders filled from `params`; `row` is the
    spreadsheet's row (0: the whole file), `column` and `value` what the error table shows.
    """

    def __init__(
        self, reason: str, *, row: int = 0, column: str = "", value: str = "", **params: Any
    ):
        super().__init__(reason)
        self.reason = reason
        self.row = row
        self.column = column
        self.value = value
        self.params = {key: str(param) for key, param in params.items()}


# The shipped defaults, for callers (and tests) outside an app.
DEFAULT_LIMITS = FileLimits.from_config(vars(DefaultConfig))


def size_text(size: int) -> str:
    """Write a byte count as people read it: 1.5 MB, 320 KB."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    return f"{max(1, round(size / 1024))} KB"
