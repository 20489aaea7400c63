"""The columns of an import file, each with the other headers people write for it.

One definition per kind of file feeds the reader (which header is which column), its messages
(a missing column names the headers it accepts), the downloadable template (headers, example
row, drop-down lists) and the help pages. Pure: plain data, nothing from Flask.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_SPACES = re.compile(r"\s+")
# "手机号*", "时长（小时）", "工号(必填)": the mark or the note beside a header is not its name.
_DECORATION = re.compile(r"(\*+|[(\[【][^()\[\]【】]*[)\]】])$")


def header_key(text: str) -> str:
    """Reduce a header to what identifies it: half-width, no spaces, no "*" or note at the end."""
    key = _SPACES.sub("", unicodedata.normalize("NFKC", text))
    while key and (trimmed := _DECORATION.sub("", key)) != key:
        key = trimmed
    return key.lower()


@dataclass(frozen=True)
class Column:
    """One column: its name, the headers that mean it too, and what the template shows."""

    name: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    example: str = ""
    # A closed list: the template offers it as a drop-down.
    choices: tuple[str, ...] = ()
    # False: the list only suggests (the importer takes other values), so Excel warns, not stops.
    strict: bool = True
    # Identifiers (工号, phone, codes): the template formats the column as text, keeping zeros.
    text: bool = False
    # One line for the template's notes sheet (a msgid: translate where shown).
    hint: str = ""

    @property
    def headers(self) -> tuple[str, ...]:
        """Return every header read as this column, its own name first."""
        return (self.name, *self.synonyms)


@dataclass
class HeaderReading:
    """Which header of a file was read as which column, and which headers mean nothing here."""

    # Position of the cell in the header row -> the column it is read as.
    positions: dict[int, str] = field(default_factory=dict)
    # (header as written, column), in the file's order.
    read: list[tuple[str, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    # A column given twice (手机 and 联系电话) -> every header written for it.
    clashes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        return [column for _written, column in self.read]

    @property
    def renamed(self) -> list[tuple[str, str]]:
        """Return the headers read under another name: [("职工号", "工号"), …]."""
        return [(written, column) for written, column in self.read if written != column]

    def written_as(self, column: str) -> str:
        return next(written for written, name in self.read if name == column)


@dataclass(frozen=True)
class FileColumns:
    """The columns of one kind of file, in the template's order."""

    # Names the file (a msgid): the template's sheet and download name.
    title: str
    columns: tuple[Column, ...]
    # Of each pair the file needs at least one column (工号 or 手机号).
    either: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        owners: dict[str, str] = {}
        for column in self.columns:
            for header in column.headers:
                owner = owners.setdefault(header_key(header), column.name)
                if owner != column.name:
                    raise ValueError(f"header {header!r} means both {owner} and {column.name}")

    def column(self, name: str) -> Column:
        """Return the column called `name`."""
        return next(column for column in self.columns if column.name == name)

    def match(self, header: str) -> Column | None:
        """Return the column a header as written means, or None when it means none."""
        key = header_key(header)
        if not key:
            return None
        for column in self.columns:
            if key in {header_key(h) for h in column.headers}:
                return column
        return None

    @property
    def required(self) -> list[Column]:
        return [column for column in self.columns if column.required]

    def read_header(self, cells: list[str]) -> HeaderReading:
        """Say which cell of a header row is which column, and which cells mean none."""
        reading = HeaderReading()
        for index, cell in enumerate(cells):
            written = cell.strip()
            column = self.match(written)
            if column is None:
                if written:
                    reading.ignored.append(written)
                continue
            if column.name in reading.positions.values():
                reading.clashes.setdefault(column.name, [reading.written_as(column.name)])
                reading.clashes[column.name].append(written)
                continue
            reading.positions[index] = column.name
            reading.read.append((written, column.name))
        return reading

    @property
    def example_row(self) -> list[str]:
        """Return the template's example row, one value per column."""
        return [column.example for column in self.columns]
