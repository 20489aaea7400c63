"""Build the files an attacker uploads: small zips that unpack to gigabytes or to millions of rows.

Each is a real workbook (made by openpyxl, so every other part is what Excel expects) with one
part written here by hand, streamed into the zip so the test never holds it in memory.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator

from import_files import STAFF_HEADER, ZHANG, csv_bytes, xlsx_bytes

MB = 1024 * 1024
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="' + MAIN + b'"><sheetData>'
)
SHEET_END = b"</sheetData></worksheet>"
STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)

Writer = Callable[[], Iterator[bytes]]


def column_letter(index: int) -> str:
    """Return the letters of a 0-based column: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def inline_cell(row: int, column: int, text: str) -> bytes:
    ref = f"{column_letter(column)}{row}"
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def header_row(header: list[str] = STAFF_HEADER) -> bytes:
    cells = b"".join(inline_cell(1, index, text) for index, text in enumerate(header))
    return b'<row r="1">' + cells + b"</row>"


def workbook_with(parts: dict[str, Writer], *, extra_parts: int = 0) -> bytes:
    """Return a real staff workbook whose named parts are replaced by what the writers stream."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["张三"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename in parts:
                continue
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml" and STRINGS in parts:
                # openpyxl writes inline strings; Excel's table of strings must be declared.
                content = content.replace(b"</Types>", STRINGS_TYPE + b"</Types>")
            target.writestr(item, content)
        for name, writer in parts.items():
            with target.open(name, "w") as part:
                for chunk in writer():
                    part.write(chunk)
        for number in range(extra_parts):
            target.writestr(f"xl/media/image{number}.png", b"")
    return buffer.getvalue()


def sheet(*rows: bytes) -> Writer:
    """Return a writer of a worksheet holding the header row, then `rows` as written."""

    def write() -> Iterator[bytes]:
        yield SHEET_START + header_row()
        yield from rows
        yield SHEET_END

    return write


def one_huge_cell(megabytes: int = 400) -> bytes:
    """A sheet whose A2 holds one string of `megabytes` MB: a zip of about 400 KB."""

    def write() -> Iterator[bytes]:
        yield SHEET_START + header_row() + b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
        chunk = b"x" * MB
        for _ in range(megabytes):
            yield chunk
        yield b"</t></is></c></row>" + SHEET_END

    return workbook_with({SHEET: write})


def blank_rows(count: int = 3_000_000) -> bytes:
    """A sheet of a header and `count` empty rows, each written out as Excel does: ~15 MB."""

    def write() -> Iterator[bytes]:
        yield SHEET_START + header_row()
        for start in range(2, count + 2, 100_000):
            stop = min(start + 100_000, count + 2)
            yield b"".join(b'<row r="%d" spans="1:9"/>' % number for number in range(start, stop))
        yield SHEET_END

    return workbook_with({SHEET: write})


def rows_far_below(row: int = 3_000_001) -> bytes:
    """A header, then one row numbered `row`: a reader fills the gap with millions of blank rows."""
    far = b'<row r="%d">' % row + inline_cell(row, 0, "张三") + b"</row>"
    return workbook_with({SHEET: sheet(far)})


def shared_strings_bomb(megabytes: int = 300) -> bytes:
    """A table of shared strings of `megabytes` MB, one short string after another."""

    def write() -> Iterator[bytes]:
        yield b'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="' + MAIN + b'">'
        chunk = b"<si><t>abcdefgh</t></si>" * (MB // 25)
        for _ in range(megabytes):
            yield chunk
        yield b"</sst>"

    return workbook_with({STRINGS: write, SHEET: sheet()})


def long_string_everywhere(length: int = 5_000, rows: int = 100_000) -> bytes:
    """One shared string of `length` characters, written as every row's 姓名."""

    def strings() -> Iterator[bytes]:
        yield b'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="' + MAIN + b'">'
        yield b"<si><t>" + "长".encode() * length + b"</t></si></sst>"

    cells = (b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (n, n) for n in range(2, rows))
    return workbook_with({STRINGS: strings, SHEET: sheet(b"".join(cells))})


def blank_lines_csv(count: int = 3_000_000) -> bytes:
    """A CSV of a header and `count` empty lines."""
    return ",".join(STAFF_HEADER).encode() + b"\r\n" * (count + 1)


def csv_of_bytes(size: int) -> bytes:
    """A CSV of a header and rows, `size` bytes long."""
    row = "张三,000123,H-A-01,13800138000,男,,,2015-07-01,在职\r\n".encode()
    head = ",".join(STAFF_HEADER).encode() + b"\r\n"
    return head + row * ((size - len(head)) // len(row) + 1)


def many_parts(count: int = 10_000) -> bytes:
    """A workbook whose zip holds `count` more (empty) parts."""
    return workbook_with({}, extra_parts=count)


def header_wide(columns: int = 16_384) -> bytes:
    """A header row reaching the last column Excel has."""
    last = inline_cell(1, columns - 1, "备注")
    write = sheet()

    def wide() -> Iterator[bytes]:
        first, *rest = write()
        yield first.replace(b"</row>", last + b"</row>", 1)
        yield from rest

    return workbook_with({SHEET: wide})


def csv_with_huge_field() -> bytes:
    """A CSV whose second data row has a 200 KiB cell, past the csv module's field limit."""
    return csv_bytes([ZHANG, ["李四", "000456", "H-A", "x" * 200 * 1024]])


def xlsx_with_malformed_cell() -> bytes:
    """An .xlsx whose A2 claims to be a number but holds text, as a broken exporter writes."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([ZHANG])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(
                    rb'<c r="A2"[^>]*>.*?</c>', b'<c r="A2"><v>abc</v></c>', content, count=1
                )
                assert b'<c r="A2"><v>abc</v></c>' in content
            target.writestr(item, content)
    return buffer.getvalue()
