"""A file with no data rows is an error on every import, on the web and on the command line.

Before, such a file was "imported": the pages showed a preview of nothing, and the commands
printed "导入完成" with exit status 0.
"""

from __future__ import annotations

import io

import pytest
from import_files import RECORDS_HEADER, STAFF_HEADER, UNIT_HEADER, csv_bytes, xlsx_bytes
from statements import table_counts

from volunteer.auth.models import Role

REGISTRATION_HEADER = ["姓名", "工号", "手机号", "志愿者编号", "注册日期"]
BLANK_ROWS = [[""] * 3, [""] * 3]
FILES = {
    "import-staff": STAFF_HEADER,
    "import-units": UNIT_HEADER,
    "import-registrations": REGISTRATION_HEADER,
    "import-records": RECORDS_HEADER,
}


def empty_file(header: list[str], kind: str) -> tuple[bytes, str]:
    """A file with its header and two blank rows, and nothing else."""
    if kind == "xlsx":
        return xlsx_bytes(BLANK_ROWS, header), "空表.xlsx"
    return csv_bytes(BLANK_ROWS, header), "空表.csv"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("command", list(FILES))
def test_every_command_refuses_a_file_without_rows_and_exits_non_zero(
    runner, db, org, tmp_path, command, kind
):
    data, name = empty_file(FILES[command], kind)
    path = tmp_path / name
    path.write_bytes(data)
    before = table_counts(db)

    result = runner.invoke(args=[command, str(path)])

    assert result.exit_code == 1
    assert "文件中没有数据行" in result.output and "导入完成" not in result.output
    assert table_counts(db) == before


# (page, form fields besides the file, the file's header)
PAGES = [
    ("/imports", {"kind": "staff"}, STAFF_HEADER),
    ("/imports", {"kind": "units"}, UNIT_HEADER),
    ("/registrations/import", {}, REGISTRATION_HEADER),
    ("/records/import", {}, RECORDS_HEADER),
]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("url", "fields", "header"), PAGES, ids=["staff", "units", "registrations", "records"]
)
def test_every_import_page_refuses_a_file_without_rows(
    client, db, org, make_account, login_as, url, fields, header, kind
):
    login_as(make_account("admin", Role.ADMIN, org["root"]))
    data, name = empty_file(header, kind)
    before = table_counts(db)

    response = client.post(
        url,
        data={**fields, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )

    page = response.get_data(as_text=True)
    assert "文件中没有数据行" in page and "文件有 1 处错误，未导入任何数据" in page
    assert table_counts(db) == before
