"""Reading uploaded files: a file that breaks the reader part-way is a row error, not a crash."""

import io
import re
import zipfile

import pytest
from import_files import STAFF_HEADER, csv_bytes, xlsx_bytes

from volunteer.imports.tabular import (
    CSV_ROW_UNREADABLE,
    XLSX_ROW_UNREADABLE,
    ImportRejected,
    read_table,
)

ZHANG = ["张三", "000123", "H-A-01", "13800138000", "男", "", "", "2015-07-01", "在职"]


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


def read(data: bytes, filename: str):
    return read_table(data, filename, required=STAFF_HEADER)


@pytest.mark.parametrize(
    ("data", "filename", "row", "reason"),
    [
        (csv_with_huge_field(), "roster.csv", 3, CSV_ROW_UNREADABLE),
        (xlsx_with_malformed_cell(), "roster.xlsx", 2, XLSX_ROW_UNREADABLE),
    ],
    ids=["csv-field-over-128k", "xlsx-malformed-number"],
)
def test_a_row_the_reader_cannot_read_rejects_the_file_naming_the_row(data, filename, row, reason):
    with pytest.raises(ImportRejected) as raised:
        read(data, filename)

    (error,) = raised.value.errors
    assert (error.row, error.reason) == (row, reason)
    assert error.value  # the reader's own words, for whoever fixes the file


def test_a_readable_file_is_still_read_whole():
    table = read(csv_bytes([ZHANG]), "roster.csv")

    assert [values["工号"] for _, values in table.rows] == ["000123"]
