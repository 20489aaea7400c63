"""Parse a worksheet's rows, and the table of shared strings, as expat reads the XML.

Nothing here builds a document: a row is handed on as soon as it is complete, so reading holds
a chunk's rows at most, whatever the sheet's length. A row with more cells than a sheet may
have is refused as its cells arrive, and no text grows past one character more than a cell may
hold (the reader refuses such a cell where it counts, and ignores it where it does not). A
DOCTYPE, where entities that multiply text would be declared, is refused. Pure.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, NoReturn
from xml.parsers import expat

from volunteer.imports.limits import FileLimits, FileRefused
from volunteer.texts import N_

ROW_TOO_WIDE = N_("这一行有超过 %(max)s 个单元格，请删除多余的列后导入")
TOO_MANY_CELLS = N_(
    "工作表的单元格超过 %(max)s 个（Excel 写出的空单元格也计入），"
    "请删除不需要导入的列和多余的格式，或拆分成几个文件导入"
)
TOO_MUCH_MARKUP = N_("工作表中的内容项超过 %(max)s 个，不是正常的表格文件，已拒绝读取")
# Elements a sheet may hold for each cell it may hold: a cell of inline text is three (c, is, t).
_ELEMENTS_PER_CELL = 3
DOCTYPE = N_("Excel 文件中含有不允许的 XML 声明（DOCTYPE），已拒绝读取")

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ROW, _CELL, _VALUE, _TEXT = (f"{_MAIN} {name}" for name in ("row", "c", "v", "t"))
_STRING, _PHONETIC = f"{_MAIN} si", f"{_MAIN} rPh"
_CHUNK = 64 * 1024


@dataclass(slots=True)
class RawCell:
    """A cell as written: its type (t), style (s), value (v) and inline text (is)."""

    kind: str
    style: int
    value: str | None = None
    inline: str | None = None


Row = tuple[int, dict[int, RawCell]]


class _Text:
    """Character data of one value, kept up to one character past the longest cell."""

    def __init__(self, room: int):
        self.parts: list[str] = []
        self.room = room

    def add(self, data: str) -> None:
        if self.room > 0:
            kept = data[: self.room]
            self.parts.append(kept)
            self.room -= len(kept)

    def text(self) -> str:
        return "".join(self.parts)


def _parser() -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _refuse_doctype
    return parser


def _refuse_doctype(*_declaration: object) -> NoReturn:
    raise FileRefused(DOCTYPE)


def _chunks(source: IO[bytes]) -> Iterator[bytes]:
    while chunk := source.read(_CHUNK):
        yield chunk


def shared_strings(source: IO[bytes], limits: FileLimits) -> list[str]:
    """Return the workbook's shared strings: each one's runs joined, phonetic hints left out."""
    strings: list[str] = []
    text: _Text | None = None
    collecting = False
    phonetic = 0

    def start(name: str, _attributes: dict[str, str]) -> None:
        nonlocal text, collecting, phonetic
        if name == _STRING:
            text = _Text(limits.max_cell_chars + 1)
        elif name == _PHONETIC:
            phonetic += 1
        elif name == _TEXT and text is not None and not phonetic:
            collecting = True

    def end(name: str) -> None:
        nonlocal text, collecting, phonetic
        if name == _STRING and text is not None:
            # Excel escapes an underscore that would read as an escape (_x000D_) as _x005F_.
            strings.append(text.text().replace("_x005F_", "_"))
            text = None
        elif name == _PHONETIC:
            phonetic -= 1
        elif name == _TEXT:
            collecting = False

    def data(characters: str) -> None:
        if collecting and text is not None:
            text.add(characters)

    parser = _parser()
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = data
    for chunk in _chunks(source):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)
    return strings


class _Sheet:
    """Collects the rows of a worksheet as expat reports its elements."""

    def __init__(self, limits: FileLimits, width: int | None):
        self.limits = limits
        self.width = width
        self.done: list[Row] = []
        self.number = 0
        self.cells: dict[int, RawCell] | None = None
        # Cells in this row, cells and elements in the sheet so far.
        self.count = self.total = self.elements = 0
        self.column = 0
        self.cell: RawCell | None = None
        self.text: _Text | None = None
        self.phonetic = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        # Each element costs a call: a sheet of millions of them is refused, not read through.
        self.elements += 1
        if self.elements > self.limits.max_cells * _ELEMENTS_PER_CELL:
            raise FileRefused(
                TOO_MUCH_MARKUP, row=self.number, max=self.limits.max_cells * _ELEMENTS_PER_CELL
            )
        if name == _ROW:
            # Excel numbers every row and cell; other writers may leave the numbers out.
            self.number = _number(attributes.get("r"), self.number + 1)
            self.cells, self.count, self.column = {}, 0, 0
        elif self.cells is None:
            return
        elif name == _CELL:
            self.count += 1
            self.total += 1
            if self.count > self.limits.max_columns:
                raise FileRefused(ROW_TOO_WIDE, row=self.number, max=self.limits.max_columns)
            if self.total > self.limits.max_cells:
                raise FileRefused(TOO_MANY_CELLS, row=self.number, max=self.limits.max_cells)
            self.column = _column(attributes.get("r"), self.column + 1)
            if self.width is not None and self.column > self.width:
                self.cell = None  # past the columns wanted: counted, never kept
                return
            style = int(attributes.get("s") or 0)
            self.cell = self.cells[self.column] = RawCell(attributes.get("t", "n"), style)
        elif self.cell is None:
            return
        elif name == _PHONETIC:
            self.phonetic += 1
        elif name == _VALUE or (name == _TEXT and not self.phonetic):
            self.text = _Text(self.limits.max_cell_chars + 1)

    def end(self, name: str) -> None:
        if name == _ROW and self.cells is not None:
            self.done.append((self.number, self.cells))
            self.cells = None
        elif name == _CELL:
            self.cell = None
        elif name == _PHONETIC:
            self.phonetic -= 1
        elif self.text is not None and self.cell is not None and name in (_VALUE, _TEXT):
            if name == _VALUE:
                self.cell.value = self.text.text()
            else:  # an inline string's runs, joined
                self.cell.inline = (self.cell.inline or "") + self.text.text()
            self.text = None

    def data(self, characters: str) -> None:
        if self.text is not None:
            self.text.add(characters)


def sheet_rows(source: IO[bytes], limits: FileLimits, width: int | None) -> Iterator[Row]:
    """Yield each row written in a worksheet: its number and its first `width` cells (None: all)
    by column (A = 1)."""
    sheet = _Sheet(limits, width)
    parser = _parser()
    parser.StartElementHandler, parser.EndElementHandler = sheet.start, sheet.end
    parser.CharacterDataHandler = sheet.data
    for chunk in _chunks(source):
        parser.Parse(chunk, False)
        done, sheet.done = sheet.done, []
        yield from done
    parser.Parse(b"", True)
    yield from sheet.done


def _number(written: str | None, following: int) -> int:
    """Return the row number written, or the one after the last when none is."""
    return following if written is None else int(float(written))


def _column(reference: str | None, following: int) -> int:
    """Return the column of a cell reference (B7 -> 2), or the one after the last when none."""
    if not reference:
        return following
    letters = reference.rstrip("0123456789")
    number = _COLUMNS.get(letters)
    if number is None:
        number = _COLUMNS[letters] = _column_number(letters)
    return number


def _column_number(letters: str) -> int:
    # Three letters at most (XFD is Excel's last), so the cache above stays small.
    if not (0 < len(letters) <= 3 and letters.isascii() and letters.isalpha()):
        raise ValueError(f"not a cell reference: {letters[:20]}")
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


_COLUMNS: dict[str, int] = {}
