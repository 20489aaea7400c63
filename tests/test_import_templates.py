"""Every import page offers its file's template: the headers, an example row, drop-down lists."""

import io

import pytest
from openpyxl import load_workbook

from volunteer.auth.models import Role
from volunteer.imports.tabular import EXAMPLE_ROW_LEFT, ImportRejected, read_table
from volunteer.people.import_columns import STAFF_FILE
from volunteer.records.importing.columns import RECORD_FILE
from volunteer.registration.import_columns import REGISTRATION_FILE
from volunteer.units.import_columns import KIND_WORDS, UNIT_FILE

TEMPLATES = {
    "staff": STAFF_FILE,
    "units": UNIT_FILE,
    "registrations": REGISTRATION_FILE,
    "records": RECORD_FILE,
}


@pytest.fixture
def admin(org, make_account, login_as):
    account = make_account("admin", Role.ADMIN, org["root"])
    login_as(account)
    return account


def download(client, kind: str):
    response = client.get(f"/imports/templates/{kind}.xlsx")
    assert response.status_code == 200, response.status_code
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "attachment" in response.headers["Content-Disposition"]
    return response.data


def validations(sheet) -> dict[str, object]:
    """Map each validated column's header to its validation."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        (cells,) = str(validation.sqref).split()
        letter = cells.split(":")[0].rstrip("0123456789")
        found[sheet[f"{letter}1"].value] = validation
    return found


def listed(workbook, validation) -> list[str]:
    """Return the values a list validation offers, typed in or kept on another sheet."""
    formula = validation.formula1
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    sheet_name, cells = formula.rsplit("!", 1)
    sheet = workbook[sheet_name.strip("'")]
    return [cell.value for (cell,) in sheet[cells.replace("$", "")]]


@pytest.mark.parametrize("kind", TEMPLATES)
def test_each_template_has_the_headers_and_an_example_row(client, admin, kind):
    workbook = load_workbook(io.BytesIO(download(client, kind)))
    sheet = workbook.worksheets[0]
    spec = TEMPLATES[kind]

    rows = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]
    assert rows == [[column.name for column in spec.columns], spec.example_row]
    for index, column in enumerate(spec.columns, start=1):
        if column.text:
            assert sheet.cell(row=2, column=index).number_format == "@"


def test_the_roster_template_offers_drop_downs_for_the_closed_lists(client, admin):
    workbook = load_workbook(io.BytesIO(download(client, "staff")))
    found = validations(workbook.worksheets[0])

    assert set(found) == {"性别", "在职状态", "政治面貌"}
    assert listed(workbook, found["性别"]) == ["男", "女"]
    assert listed(workbook, found["在职状态"]) == ["在职", "离职", "退休"]
    assert "中共党员" in listed(workbook, found["政治面貌"])
    # Any 政治面貌 is accepted by the import, so Excel only warns; the others refuse.
    assert found["政治面貌"].errorStyle == "warning"
    assert found["性别"].errorStyle == "stop" and found["性别"].allow_blank
    assert str(found["性别"].sqref).endswith("1048576")


def test_the_unit_template_offers_every_accepted_type_word(client, admin):
    workbook = load_workbook(io.BytesIO(download(client, "units")))
    found = validations(workbook.worksheets[0])

    assert set(found) == {"类型"}
    words = [word for accepted in KIND_WORDS.values() for word in accepted]
    assert listed(workbook, found["类型"]) == words


def test_the_template_explains_each_column_on_a_second_sheet(client, admin):
    workbook = load_workbook(io.BytesIO(download(client, "records")))
    notes = workbook["填写说明"]

    rows = [[cell.value for cell in row] for row in notes.iter_rows()]
    by_name = {row[0]: row for row in rows[1:] if row[0]}
    assert by_name["开始时间"][1] == "是" and "签到时间" in by_name["开始时间"][2]
    assert any(row[4] == "“工号”和“手机号”两列至少要有一列" for row in rows)


@pytest.mark.parametrize("kind", TEMPLATES)
def test_a_template_uploaded_unchanged_is_refused_for_its_example_row(client, admin, kind):
    data = download(client, kind)

    with pytest.raises(ImportRejected) as raised:
        read_table(data, "template.xlsx", columns=TEMPLATES[kind])

    assert [(e.row, e.reason) for e in raised.value.errors] == [(2, EXAMPLE_ROW_LEFT)]


def test_a_filled_template_imports(client, db, admin):
    workbook = load_workbook(io.BytesIO(download(client, "units")))
    sheet = workbook.worksheets[0]
    for index, value in enumerate(["H-C", "中医院", "WJW", "医院"], start=1):
        sheet.cell(row=2, column=index, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = client.post(
        "/imports",
        data={"kind": "units", "file": (io.BytesIO(buffer.getvalue()), "单位.xlsx")},
        content_type="multipart/form-data",
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)

    assert "确认导入" in page and "中医院" in page


@pytest.mark.parametrize(
    ("role", "kind", "status"),
    [
        (Role.MANAGER, "staff", 200),
        (Role.MANAGER, "registrations", 200),
        (Role.MANAGER, "records", 200),
        (Role.MANAGER, "units", 403),
        (Role.COORDINATOR, "staff", 403),
        (Role.ADMIN, "nothing", 404),
    ],
)
def test_templates_are_offered_to_whom_their_import_is(
    client, org, make_account, login_as, role, kind, status
):
    login_as(make_account("someone", role, org["a"]))

    assert client.get(f"/imports/templates/{kind}.xlsx").status_code == status


def test_the_import_pages_link_their_templates(client, admin):
    imports = client.get("/imports").get_data(as_text=True)
    registrations = client.get("/registrations/import").get_data(as_text=True)

    for kind in ("staff", "units", "records"):
        assert f"/imports/templates/{kind}.xlsx" in imports
    assert "/imports/templates/registrations.xlsx" in registrations
    # The help lists the words 类型 accepts, from the same table the import reads.
    assert "社区卫生服务中心" in imports and "病区" in imports
