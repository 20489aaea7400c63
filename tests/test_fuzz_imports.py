"""Random bytes and malformed spreadsheets at the import reader (imports/tabular.py): every file is
either read or refused with a clear DomainError whose reasons are worded in Chinese; nothing
else ever escapes, whichever import's columns it is read for. Pure: no app, no database."""

import io
import re
import struct
import zipfile
from dataclasses import replace
from xml.sax.saxutils import escape

from hostile_files import SHEET, SHEET_END, SHEET_START, STRINGS, header_row, workbook_with
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from import_files import STAFF_HEADER, csv_bytes, xlsx_bytes

from volunteer.errors import DomainError
from volunteer.imports.limits import DEFAULT_LIMITS
from volunteer.imports.tabular import ImportRejected, Table, read_table
from volunteer.people.import_columns import STAFF_FILE
from volunteer.records.importing.columns import RECORD_FILE
from volunteer.registration.import_columns import REGISTRATION_FILE
from volunteer.units.import_columns import UNIT_FILE

# No example database: the tree stays clean, and every run draws afresh.
FUZZ = settings(
    max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
COLUMNS = (STAFF_FILE, UNIT_FILE, RECORD_FILE, REGISTRATION_FILE)
# Small limits, so random files also reach the row, cell, column and size refusals.
TIGHT = replace(
    DEFAULT_LIMITS,
    max_rows=3,
    max_cell_chars=20,
    max_columns=12,
    max_cells=60,
    max_file_bytes=20_000,
    max_sheet_bytes=8_000,
    max_shared_strings_bytes=4_000,
)
LIMITS = st.sampled_from([DEFAULT_LIMITS, TIGHT])
CJK = re.compile(r"[\u4e00-\u9fff]")
GOOD_XLSX = xlsx_bytes([["张三", "T00001", "H-A", "13900000001"], ["李四", "T00002"]])

names = st.sampled_from(["名册.csv", "名册.xlsx", "ROSTER.CSV", "roster.XLSX", "a.b.xlsx"])
cell_text = st.text(max_size=30)  # NUL, controls, surrogate-free unicode


def outcome(data: bytes, filename: str, columns, limits) -> Table | ImportRejected:
    """Read the file; return the table or the refusal, and let anything else fail the test."""
    try:
        return read_table(data, filename, columns=columns, limits=limits)
    except ImportRejected as rejected:
        assert isinstance(rejected, DomainError)
        assert rejected.errors, "a refusal names at least one reason"
        for error in rejected.errors:
            worded = error.worded()  # every placeholder has its value
            assert CJK.search(worded), f"a reason people cannot read: {worded!r}"
            assert len(error.value) <= 200 + 3
        assert CJK.search(str(rejected))
        return rejected


def flipped(data: bytes, edits: list[tuple[int, int]]) -> bytes:
    raw = bytearray(data)
    for at, value in edits:
        raw[at % len(raw)] = value
    return bytes(raw)


def with_part(name: str, content: bytes) -> bytes:
    """A real workbook with one part replaced by `content`."""
    return workbook_with({name: lambda: iter([content])})


def inline(row: int, column: int, text: str) -> bytes:
    cell = f'<c r="{chr(65 + column)}{row}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'
    return cell.encode("utf-8", "surrogatepass")


def xml_sheet(rows: list[list[str]]) -> bytes:
    """A worksheet of inline strings, written by hand, so NUL and control characters go in raw."""
    body = b"".join(
        b'<row r="%d">' % number
        + b"".join(inline(number, column, text) for column, text in enumerate(cells[:9]))
        + b"</row>"
        for number, cells in enumerate(rows, start=2)
    )
    return SHEET_START + header_row() + body + SHEET_END


@FUZZ
@given(data=st.binary(max_size=4_000), filename=names, columns=st.sampled_from(COLUMNS))
@example(data=b"\x00", filename="a.csv", columns=STAFF_FILE)
@example(data=b"PK\x03\x04", filename="a.xlsx", columns=STAFF_FILE)
@example(data=b"\xef\xbb\xbf\xff\xfe", filename="a.csv", columns=STAFF_FILE)
def test_random_bytes_are_read_or_refused_clearly(data, filename, columns):
    outcome(data, filename, columns, DEFAULT_LIMITS)


@FUZZ
@given(
    rows=st.lists(st.lists(cell_text, max_size=12), max_size=8),
    header=st.one_of(st.just(STAFF_HEADER), st.lists(cell_text, max_size=12)),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
    limits=LIMITS,
    columns=st.sampled_from(COLUMNS),
)
def test_csv_of_random_cells_is_read_or_refused_clearly(rows, header, encoding, limits, columns):
    try:
        data = csv_bytes(rows, header, encoding)
    except UnicodeEncodeError:
        return  # text that encoding cannot hold is no file anybody saved
    result = outcome(data, "名册.csv", columns, limits)
    if isinstance(result, Table):
        assert len(result.rows) <= limits.max_rows
        assert all(len(v) <= limits.max_cell_chars for _, row in result.rows for v in row.values())
        assert not any("\x00" in v for _, row in result.rows for v in row.values())


@FUZZ
@given(
    edits=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8),
    cut=st.one_of(st.none(), st.integers(1, len(GOOD_XLSX))),
    columns=st.sampled_from(COLUMNS),
)
def test_a_damaged_workbook_is_refused_clearly(edits, cut, columns):
    data = flipped(GOOD_XLSX, edits)[:cut]
    outcome(data, "名册.xlsx", columns, DEFAULT_LIMITS)


@FUZZ
@given(
    part=st.sampled_from(
        [
            SHEET,
            STRINGS,
            "xl/workbook.xml",
            "xl/styles.xml",
            "[Content_Types].xml",
            "xl/_rels/workbook.xml.rels",
            "_rels/.rels",
        ]
    ),
    content=st.one_of(
        st.binary(max_size=2_000),
        st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.just(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><x>&a;&a;</x>'),
    ),
    limits=LIMITS,
)
@example(part=SHEET, content=b"", limits=DEFAULT_LIMITS)
def test_a_workbook_with_a_part_of_random_content_is_refused_clearly(part, content, limits):
    outcome(with_part(part, content), "名册.xlsx", STAFF_FILE, limits)


@FUZZ
@given(
    rows=st.lists(st.lists(cell_text, min_size=1, max_size=12), max_size=8),
    limits=LIMITS,
)
@example(rows=[["张\x00三", "T1"]], limits=DEFAULT_LIMITS)
def test_a_sheet_of_random_cells_is_read_or_refused_clearly(rows, limits):
    result = outcome(with_part(SHEET, xml_sheet(rows)), "名册.xlsx", STAFF_FILE, limits)
    if isinstance(result, Table):
        assert len(result.rows) <= limits.max_rows
        assert not any("\x00" in v for _, row in result.rows for v in row.values())


@FUZZ
@given(
    members=st.lists(
        st.tuples(
            st.one_of(
                st.sampled_from([SHEET, STRINGS, "xl/workbook.xml", "[Content_Types].xml"]),
                st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=40),
            ),
            st.binary(max_size=300),
        ),
        max_size=6,
        unique_by=lambda member: member[0],
    )
)
def test_a_zip_that_is_no_workbook_is_refused_clearly(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            try:
                archive.writestr(name, content)
            except (ValueError, UnicodeEncodeError):  # no zip could hold that name
                continue
    result = outcome(buffer.getvalue(), "名册.xlsx", STAFF_FILE, DEFAULT_LIMITS)
    assert isinstance(result, ImportRejected)


def test_a_workbook_that_asks_for_a_newer_zip_version_is_refused_clearly():
    """Found by the damage above: one byte of the zip's directory (the version a part needs to
    be unpacked) made zipfile raise NotImplementedError, which no reader caught: a 500."""
    at = GOOD_XLSX.index(b"PK\x01\x02") + 6  # the first directory entry's "version needed"
    damaged = GOOD_XLSX[:at] + struct.pack("<H", 64) + GOOD_XLSX[at + 2 :]
    assert isinstance(outcome(damaged, "名册.xlsx", STAFF_FILE, DEFAULT_LIMITS), ImportRejected)


def test_the_untouched_workbook_is_read():
    """The damage above means something only if the workbook it starts from reads."""
    table = read_table(GOOD_XLSX, "名册.xlsx", columns=STAFF_FILE)
    assert [number for number, _ in table.rows] == [2, 3]
