"""Reading uploaded files: a file that breaks the reader part-way is a row error, not a crash;
a file past a limit is refused at its first excess, naming where; one without rows is an error."""

from dataclasses import replace

import pytest
from hostile_files import (
    MAIN,
    MB,
    SHEET,
    SHEET_END,
    SHEET_START,
    STRINGS,
    column_letter,
    csv_with_huge_field,
    header_row,
    inline_cell,
    sheet,
    workbook_with,
    xlsx_with_malformed_cell,
)
from import_files import STAFF_HEADER, ZHANG, csv_bytes, xlsx_bytes

from volunteer.imports.limits import DEFAULT_LIMITS
from volunteer.imports.tabular import (
    CELL_HAS_NUL,
    CSV_ROW_UNREADABLE,
    FILE_TOO_LARGE,
    NO_DATA_ROWS,
    XLSX_ROW_UNREADABLE,
    ImportRejected,
    read_table,
)
from volunteer.imports.xlsx_parts import DOCTYPE, ROW_TOO_WIDE
from volunteer.people.import_columns import STAFF_FILE


def read(data: bytes, filename: str):
    return read_table(data, filename, columns=STAFF_FILE)


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


LIMITS = replace(DEFAULT_LIMITS, max_rows=5, max_cell_chars=20, max_columns=12)


def refusal(data: bytes, filename: str, limits=DEFAULT_LIMITS) -> tuple[int, str, str]:
    """Return the one error a file is refused with: its row, column and reason (filled in)."""
    with pytest.raises(ImportRejected) as raised:
        read_table(data, filename, columns=STAFF_FILE, limits=limits)
    (error,) = raised.value.errors
    return error.row, error.column, error.worded()


def as_file(kind: str, rows: list[list], header=STAFF_HEADER) -> tuple[bytes, str]:
    return (
        (xlsx_bytes(rows, header), "名册.xlsx")
        if kind == "xlsx"
        else (
            csv_bytes(rows, header),
            "名册.csv",
        )
    )


BLANK = [""] * 9


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("rows", [[], [BLANK, BLANK]], ids=["header-only", "blank-rows"])
def test_a_file_without_data_rows_is_refused_not_read_as_nothing_to_do(kind, rows):
    assert refusal(*as_file(kind, rows)) == (2, "", NO_DATA_ROWS)
    assert NO_DATA_ROWS.startswith("文件中没有数据行")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_blank_rows_count_toward_the_row_limit(kind):
    rows = [ZHANG, BLANK, BLANK, BLANK, BLANK, ["李四", "000456", *ZHANG[2:]]]

    row, _column, reason = refusal(*as_file(kind, rows), limits=LIMITS)

    assert row == 7 and reason.startswith("文件超过 5 行（空行也计入）")


def test_rows_the_sheet_leaves_out_are_blank_rows_and_keep_their_numbers():
    far = b'<row r="5">' + inline_cell(5, 0, "张三") + inline_cell(5, 1, "000123") + b"</row>"
    data = workbook_with({SHEET: sheet(far)})

    assert [number for number, _values in read(data, "名册.xlsx").rows] == [5]
    assert (
        refusal(workbook_with({SHEET: sheet(far.replace(b"5", b"9"))}), "名册.xlsx", LIMITS)[0] == 7
    )


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_cell_longer_than_the_limit_is_refused_naming_its_row_and_column(kind):
    rows = [ZHANG, ["张" * 21, "000456", *ZHANG[2:]]]

    row, column, reason = refusal(*as_file(kind, rows), limits=LIMITS)

    assert (row, column) == (3, "姓名") and reason.startswith("单元格超过 20 个字符")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_long_cell_in_a_column_the_import_ignores_is_no_reason_to_refuse(kind):
    data, filename = as_file(kind, [[*ZHANG, "备注" * 100]], header=[*STAFF_HEADER, "备注"])

    assert len(read_table(data, filename, columns=STAFF_FILE, limits=LIMITS).rows) == 1


def test_a_cell_holding_a_nul_is_refused():
    row, column, reason = refusal(csv_bytes([["张\x00三", *ZHANG[1:]]]), "名册.csv")

    assert (row, column, reason) == (2, "姓名", CELL_HAS_NUL)


def test_a_header_wider_than_the_limit_is_refused():
    header = [*STAFF_HEADER, *(f"备注{n}" for n in range(10))]

    assert refusal(csv_bytes([ZHANG], header), "名册.csv", LIMITS)[:2] == (1, "")


def test_a_row_with_more_cells_than_the_limit_is_refused_as_it_is_read():
    cells = b"".join(inline_cell(2, column, "x") for column in range(13))
    data = workbook_with({SHEET: sheet(b'<row r="2">' + cells + b"</row>")})

    row, _column, reason = refusal(data, "名册.xlsx", LIMITS)

    assert row == 2 and reason == ROW_TOO_WIDE % {"max": 12}


def test_a_file_larger_than_the_limit_is_refused_unread():
    limits = replace(DEFAULT_LIMITS, max_file_bytes=1024)
    data = csv_bytes([ZHANG] * 30)

    assert refusal(data, "名册.csv", limits)[2] == FILE_TOO_LARGE % {"size": "2 KB", "max": "1 KB"}


def test_a_doctype_where_entities_would_be_declared_is_refused():
    bomb = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'

    def write():
        yield SHEET_START.replace(b"\n", b"\n" + bomb + b"\n", 1) + header_row() + SHEET_END

    assert refusal(workbook_with({SHEET: write}), "名册.xlsx")[2] == DOCTYPE


def test_a_part_packed_far_tighter_than_any_sheet_is_refused_unread():
    def zeros():
        yield b"\0" * (3 * MB)

    data = workbook_with({SHEET: sheet(), "xl/media/image1.png": zeros})

    _row, _column, reason = refusal(data, "名册.xlsx")

    assert reason.startswith("文件中的组成部分“xl/media/image1.png”压缩比异常")


def test_shared_strings_under_another_name_keep_the_limit_of_shared_strings():
    # Declared as the strings under a sheet's name, they would otherwise borrow a sheet's limit.
    limits = replace(DEFAULT_LIMITS, max_shared_strings_bytes=MB, max_other_part_bytes=MB // 2)
    renamed = "xl/worksheets/sheet9.xml"

    def strings():
        yield b'<?xml version="1.0"?>\n<sst xmlns="' + MAIN + b'">'
        yield b"".join(b"<si><t>%d</t></si>" % n for n in range(150_000))
        yield b"</sst>"

    data = workbook_with({SHEET: sheet(), renamed: strings})

    _row, _column, reason = refusal(data, "名册.xlsx", limits)

    assert reason.startswith("文件中的文字（共享字符串表）解压后有")


def test_a_sheet_saved_by_excel_reads_as_excel_shows_it():
    # Excel keeps text in the shared strings, a name with formatting as runs, with a reading
    # hint (rPh) that is no part of the text; a formula keeps its last value.
    texts = [f"<si><t>{header}</t></si>".encode() for header in STAFF_HEADER]
    rich = (
        "<si><r><rPr><b/></rPr><t>张</t></r><r><t>三</t></r>"
        "<rPh sb='0' eb='1'><t>ちょう</t></rPh></si>"
    )
    texts += [rich.encode(), b'<si><t xml:space="preserve">000123 </t></si>']

    def strings():
        yield b'<?xml version="1.0"?>\n<sst xmlns="' + MAIN + b'">' + b"".join(texts) + b"</sst>"

    header = b"".join(
        b'<c r="%s1" t="s"><v>%d</v></c>' % (column_letter(n).encode(), n) for n in range(9)
    )
    row = (
        '<c r="A2" t="s"><v>9</v></c><c r="B2" t="s"><v>10</v></c>'
        '<c r="C2" t="inlineStr"><is><t>H-A-01</t></is></c><c r="D2"><v>13800138000</v></c>'
        '<c r="E2" t="str"><f>"男"</f><v>男</v></c><c r="H2" t="d"><v>2015-07-01T00:00:00</v></c>'
        '<c r="I2" t="e"><v>#N/A</v></c>'
    ).encode()

    def write():
        yield (
            SHEET_START
            + b'<row r="1">'
            + header
            + b'</row><row r="2">'
            + row
            + b"</row>"
            + SHEET_END
        )

    ((number, values),) = read(workbook_with({STRINGS: strings, SHEET: write}), "名册.xlsx").rows

    assert number == 2
    assert values == {
        "姓名": "张三",
        "工号": "000123",
        "单位编码": "H-A-01",
        "手机号": "13800138000",
        "性别": "男",
        "身份证号": "",
        "政治面貌": "",
        "入职日期": "2015-07-01",
        "在职状态": "#N/A",
    }
