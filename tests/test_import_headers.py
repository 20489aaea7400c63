"""Import headers as people write them: synonyms read as their column, and said so; extra
columns ignored; a missing column named with the headers it may be written as."""

import io
from dataclasses import replace

import pytest
from conftest import local_time
from import_files import csv_bytes

from volunteer.auth.models import Role
from volunteer.imports import services
from volunteer.imports.columns import header_key
from volunteer.imports.tabular import ImportRejected, read_table
from volunteer.people.import_columns import STAFF_FILE
from volunteer.people.models import StaffMember
from volunteer.records.importing.columns import RECORD_FILE
from volunteer.records.importing.plan import plan_records_import
from volunteer.registration.import_columns import REGISTRATION_FILE
from volunteer.registration.services.national_import import import_national_registrations
from volunteer.units.import_columns import UNIT_FILE
from volunteer.units.models import Unit

SPECS = [STAFF_FILE, UNIT_FILE, REGISTRATION_FILE, RECORD_FILE]


@pytest.mark.parametrize(
    ("spec", "header", "column"),
    [
        (spec, header, column.name)
        for spec in SPECS
        for column in spec.columns
        for header in column.synonyms
    ],
)
def test_every_synonym_is_read_as_its_column(spec, header, column):
    table = read_table(csv_bytes([["x"]], [header]), "file.csv", columns=_loose(spec))

    assert table.header.read == [(header, column)]
    assert table.rows == [(2, {column: "x"})]


def _loose(spec):
    """The same columns with none required, to read a file of one column."""
    return replace(spec, columns=tuple(replace(c, required=False) for c in spec.columns), either=())


@pytest.mark.parametrize(
    ("written", "key"),
    [("手机号*", "手机号"), ("时长（小时）", "时长"), (" 工 号 ", "工号"), ("工号(必填)*", "工号")],
)
def test_a_mark_or_a_note_beside_a_header_is_not_part_of_its_name(written, key):
    assert header_key(written) == key


STAFF_SYNONYMS = ["名字", "职工号", "部门编码", "联系电话", "性别", "入职时间", "状态", "备注"]


def test_a_roster_with_synonyms_imports_and_the_plan_says_how_each_header_was_read(db, org):
    row = ["张三", "000123", "H-A-01", "13800138000", "男", "2015-07-01", "在职", "新来的"]
    table = services.read_upload("staff", "roster.csv", csv_bytes([row], STAFF_SYNONYMS))
    plan = services.plan_import("staff", table, scope=None)

    assert plan.summary()["new"] == 1
    assert plan.header.renamed == [
        ("名字", "姓名"),
        ("职工号", "工号"),
        ("部门编码", "单位编码"),
        ("联系电话", "手机号"),
        ("入职时间", "入职日期"),
        ("状态", "在职状态"),
    ]
    assert plan.header.ignored == ["备注"]


def test_a_unit_tree_with_synonyms_imports(db, org):
    header = ["单位编码", "单位名称", "上级单位编码", "单位类型"]
    data = csv_bytes([["H-C", "中医院", "WJW", "医院"]], header)
    table = services.read_upload("units", "units.csv", data)
    plan = services.plan_import("units", table, scope=None)
    batch = services.store_upload(kind="units", filename="units.csv", content=data, uploader=None)
    services.apply_import(batch=batch, plan=plan, actor=None)

    assert db.session.scalar(db.select(Unit.name).where(Unit.code == "H-C")) == "中医院"
    assert [column for _written, column in plan.header.renamed] == [
        "编码",
        "名称",
        "上级编码",
        "类型",
    ]


def test_registrations_with_synonyms_import_and_say_how_each_header_was_read(db, org, make_staff):
    make_staff(org["a1"], "张三", "000123")
    header = ["名字", "职工号", "志愿者证号", "注册时间", "序号"]
    data = csv_bytes([["张三", "000123", "3301-0001", "2023-05-04", "1"]], header)

    summary = import_national_registrations(data=data, filename="n.csv", actor=None)

    assert summary.created == 1
    assert ("志愿者证号", "志愿者编号") in summary.header.renamed
    assert summary.header.ignored == ["序号"]


def test_a_sheet_of_sessions_with_synonyms_is_read(db, org, make_volunteer, make_activity):
    zhang = make_volunteer(org["a1"], "张三")
    clinic = make_activity(org["a"], "社区义诊", starts_at=local_time(2026, 3, 5, 7, 0), hours=14)
    header = ["志愿者姓名", "职工号", "活动编码", "服务日期", "签到时间", "签退时间"]
    row = ["张三", zhang.username, clinic.number, "2026-03-05", "09:00", "11:00"]

    plan = plan_records_import(data=csv_bytes([row], header), filename="sheet.csv")

    assert plan.errors == [] and len(plan.sessions) == 1
    assert plan.header.renamed == list(
        zip(header, ["姓名", "工号", "活动编号", "日期", "开始时间", "结束时间"], strict=True)
    )


def test_a_missing_column_names_the_headers_it_may_be_written_as(db, org):
    header = ["姓名", "工号", "单位编码", "性别", "入职日期", "在职状态"]
    with pytest.raises(ImportRejected) as raised:
        services.read_upload("staff", "roster.csv", csv_bytes([], header))

    (error,) = raised.value.errors
    assert (error.row, error.column) == (1, "手机号")
    assert error.worded() == (
        "缺少必需的列“手机号”（也可写作：手机、手机号码、联系电话、移动电话、电话、电话号码、联系方式）"
    )


def test_a_column_given_under_two_headers_is_refused(db, org):
    header = ["姓名", "工号", "单位编码", "手机", "联系电话", "性别", "入职日期", "在职状态"]
    with pytest.raises(ImportRejected) as raised:
        services.read_upload("staff", "roster.csv", csv_bytes([], header))

    (error,) = raised.value.errors
    assert (error.column, error.value) == ("手机号", "手机、联系电话")
    assert error.worded() == "这几列都表示“手机号”，请只保留一列"


def test_the_preview_says_which_header_was_read_as_which_column(
    client, db, org, make_account, login_as
):
    login_as(make_account("manager-a", Role.MANAGER, org["a"]))
    row = ["张三", "000123", "H-A-01", "13800138000", "男", "2015-07-01", "在职", "新来的"]
    response = client.post(
        "/imports",
        data={"kind": "staff", "file": (_file(csv_bytes([row], STAFF_SYNONYMS)), "roster.csv")},
        content_type="multipart/form-data",
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)

    assert "「职工号」→ 工号" in page and "「联系电话」→ 手机号" in page
    assert "以下列未识别，已忽略：备注" in page
    assert db.session.scalar(db.select(StaffMember.id)) is None


def test_the_error_table_also_says_how_the_headers_were_read(
    client, db, org, make_account, login_as
):
    login_as(make_account("manager-a", Role.MANAGER, org["a"]))
    row = ["张三", "000123", "NOPE", "13800138000", "男", "2015-07-01", "在职", ""]
    response = client.post(
        "/imports",
        data={"kind": "staff", "file": (_file(csv_bytes([row], STAFF_SYNONYMS)), "roster.csv")},
        content_type="multipart/form-data",
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)

    assert "单位编码不存在" in page and "「部门编码」→ 单位编码" in page


def test_the_registration_page_says_how_the_headers_were_read(
    client, db, org, make_staff, make_account, login_as
):
    make_staff(org["a1"], "张三", "000123")
    login_as(make_account("manager-a", Role.MANAGER, org["a"]))
    data = csv_bytes(
        [["张三", "000123", "3301-0001", "2023-05-04"]], ["名字", "职工号", "志愿者号", "注册日期"]
    )
    page = client.post(
        "/registrations/import",
        data={"file": (_file(data), "n.csv"), "dry_run": "y"},
        content_type="multipart/form-data",
    ).get_data(as_text=True)

    assert "检查通过" in page and "「志愿者号」→ 志愿者编号" in page


def _file(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)


def test_the_command_line_says_how_the_headers_were_read(runner, db, org, tmp_path):
    row = ["张三", "000123", "H-A-01", "13800138000", "男", "2015-07-01", "在职", ""]
    path = tmp_path / "roster.csv"
    path.write_bytes(csv_bytes([row], STAFF_SYNONYMS))

    result = runner.invoke(args=["import-staff", str(path), "--dry-run"])

    assert result.exit_code == 0, result.output
    assert "列名对应：「名字」→ 姓名；「职工号」→ 工号" in result.output
    assert "以下列未识别，已忽略：备注" in result.output


def test_the_registration_command_says_how_the_headers_were_read(
    runner, db, org, make_staff, tmp_path
):
    make_staff(org["a1"], "张三", "000123")
    path = tmp_path / "national.csv"
    path.write_bytes(
        csv_bytes(
            [["张三", "000123", "3301-0001", "2023-05-04"]],
            ["名字", "职工号", "志愿者号", "注册日期"],
        )
    )

    result = runner.invoke(args=["import-registrations", str(path), "--dry-run"])

    assert result.exit_code == 0, result.output
    assert "「志愿者号」→ 志愿者编号" in result.output and "新增 1" in result.output
