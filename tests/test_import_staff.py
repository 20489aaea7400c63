"""Staff roster import: all rows valid or nothing written; the same file twice changes nothing.
New people are created with every field and audited, whatever the file's encoding or cell
formats; one bad row, a repeated staff number, a unit outside the importer's scope or a retired
one, or a missing column rejects the whole file with every mistake named."""

from datetime import date

import pytest
from import_files import csv_bytes, id_number, xlsx_bytes
from staff_import_world import LI, ZHANG, _row, counts, import_file, rejection, staff_by_no

from volunteer.audit.models import AuditEntry
from volunteer.auth.permissions import scope_roots
from volunteer.imports import services
from volunteer.people.models import EmploymentStatus
from volunteer.units.models import UnitKind
from volunteer.units.services import retire_unit


def test_new_people_are_created_with_every_field(db, org):
    plan = import_file(csv_bytes([ZHANG, LI]))
    db.session.commit()

    assert plan.summary() == {"new": 2, "updated": 0, "unchanged": 0, "left": 0}
    zhang = staff_by_no(db)["000123"]
    assert (zhang.name, zhang.unit_id, zhang.phone, zhang.gender) == (
        "张三",
        org["a1"].id,
        "13800138000",
        "男",
    )
    assert zhang.id_card == id_number() and zhang.political_status == "中共党员"
    assert zhang.hired_on == date(2015, 7, 1) and zhang.status == EmploymentStatus.ACTIVE
    assert staff_by_no(db)["000456"].hired_on == date(2018, 3, 5)


def test_each_applied_import_is_audited_once_and_per_person(db, org):
    import_file(csv_bytes([ZHANG, LI]), "名册.csv")
    db.session.commit()

    summary = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "import.staff"))
    assert summary.subject_type == "import_batch" and summary.actor_id is None
    assert summary.after == {
        "new": 2,
        "updated": 0,
        "unchanged": 0,
        "left": 0,
        "filename": "名册.csv",
    }
    created = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "staff.create"))
    by_unit = {entry.after["staff_no"]: entry for entry in created}
    assert by_unit["000123"].unit_id == org["a1"].id and by_unit["000456"].unit_id == org["b1"].id
    # The log is kept for years and never purged: it holds the ID number masked.
    assert by_unit["000123"].after["id_card"] == "330106********" + id_number()[-4:]


def test_gbk_csv_as_excel_saves_it_in_china_is_read(db, org):
    import_file(csv_bytes([ZHANG, LI], encoding="gbk"))
    db.session.commit()

    assert staff_by_no(db)["000123"].name == "张三"
    assert staff_by_no(db)["000456"].unit_id == org["b1"].id


def test_utf8_csv_with_bom_is_read(db, org):
    import_file(csv_bytes([ZHANG], encoding="utf-8-sig"))
    db.session.commit()

    assert staff_by_no(db)["000123"].name == "张三"


def test_staff_no_keeps_leading_zeros_when_excel_stored_a_number(db, org):
    row = ["王五", 42, "H-A", 13800138001, "男", "", "", date(2020, 1, 2), "在职"]
    import_file(xlsx_bytes([row], formats={"工号": "000000"}), "roster.xlsx")
    db.session.commit()

    wang = staff_by_no(db)["000042"]
    assert wang.phone == "13800138001" and wang.hired_on == date(2020, 1, 2)


def test_full_width_characters_and_stray_spaces_are_normalised(db, org):
    row = [
        " 赵 六 ",
        "０００７８９ ",
        " h-a-01",
        "１３８ ００１３ ８００２",
        " 女",
        "",
        " 群众 ",
        "２０１９－０９－０１",
        " 在职 ",
    ]
    import_file(csv_bytes([row]))
    db.session.commit()

    zhao = staff_by_no(db)["000789"]
    assert (zhao.name, zhao.unit_id, zhao.phone, zhao.gender) == (
        "赵六",
        org["a1"].id,
        "13800138002",
        "女",
    )
    assert zhao.political_status == "群众" and zhao.hired_on == date(2019, 9, 1)


def test_importing_the_same_file_again_changes_nothing(db, org):
    data = xlsx_bytes([ZHANG, LI])
    import_file(data, "roster.xlsx")
    db.session.commit()
    before = {no: (p.name, p.unit_id, p.phone, p.updated_at) for no, p in staff_by_no(db).items()}
    staff, audit, transfers = counts(db)

    plan = import_file(data, "roster.xlsx")
    db.session.commit()

    assert plan.summary() == {"new": 0, "updated": 0, "unchanged": 2, "left": 0}
    after = {no: (p.name, p.unit_id, p.phone, p.updated_at) for no, p in staff_by_no(db).items()}
    assert after == before
    # Only the import's own summary entry is added.
    assert counts(db) == (staff, audit + 1, transfers)


BAD_ROWS = [
    pytest.param({"姓名": " "}, "姓名", "姓名不能为空", id="missing name"),
    pytest.param({"工号": ""}, "工号", "工号不能为空", id="missing staff number"),
    pytest.param({"单位编码": "NOPE"}, "单位编码", "单位编码不存在", id="unknown unit"),
    pytest.param({"手机号": "1380013800"}, "手机号", "手机号格式不正确", id="malformed phone"),
    pytest.param(
        {"身份证号": id_number()[:17] + "0"}, "身份证号", "身份证号校验位错误", id="id check digit"
    ),
    pytest.param(
        {"入职日期": "2019-13-01"}, "入职日期", "日期无法识别，请写成 2024-03-01", id="date"
    ),
    pytest.param({"性别": "未知"}, "性别", "性别应为“男”或“女”", id="gender"),
    pytest.param({"在职状态": "停薪"}, "在职状态", "在职状态应为“在职”“离职”或“退休”", id="status"),
]


@pytest.mark.parametrize(("changes", "column", "reason"), BAD_ROWS)
def test_one_bad_row_rejects_the_whole_file_and_writes_nothing(db, org, changes, column, reason):
    before = counts(db)
    good = [["李四", f"{n:06d}", "H-B-01", "", "", "", "", "", ""] for n in range(500, 520)]
    errors = rejection(csv_bytes([*good, _row(**changes)]))
    db.session.rollback()

    assert [(row, col, why) for row, col, _value, why in errors] == [(22, column, reason)]
    assert counts(db) == before


def test_staff_number_repeated_in_the_file_names_the_first_row(db, org):
    errors = rejection(csv_bytes([_row(手机号="1"), LI, _row(姓名="张三丰", 工号=" ０００１２３")]))

    assert errors[-1] == (4, "工号", "000123", "工号与第 2 行重复")


def test_a_repeated_row_still_reports_its_other_mistakes_in_the_same_upload(db, org):
    repeated = _row(工号="000123", 性别="未知", 入职日期="昨天")
    errors = rejection(csv_bytes([_row(), repeated]))

    assert [(row, column) for row, column, _value, _why in errors] == [
        (3, "工号"),
        (3, "性别"),
        (3, "入职日期"),
    ]


def test_wrong_id_number_is_reported_masked(db, org):
    bad = id_number()[:17] + "0"
    (error,) = rejection(csv_bytes([_row(身份证号=bad)]))

    assert error[2] == "330106********" + bad[-4:]


def test_units_outside_the_managers_scope_are_row_errors(db, org, make_account, make_staff):
    manager = make_account("manager-a", services.ROLE_FOR_KIND["staff"], org["a"])
    make_staff(org["b1"], "王五", "000777")
    scope = scope_roots(manager, services.ROLE_FOR_KIND["staff"])
    takeover = ["王五", "000777", "H-A-01", "", "", "", "", "", ""]
    errors = rejection(csv_bytes([ZHANG, LI, takeover]), scope=scope)

    assert errors == [
        (3, "单位编码", "H-B-01", "不在您的管理范围内"),
        (4, "工号", "000777", "该工号属于您管理范围以外的职工"),
    ]


def test_nobody_joins_a_retired_unit_but_its_former_staff_stay_listed(
    db, org, make_unit, make_staff
):
    closed = make_unit("H-A-09", "撤销科室", parent=org["a"], kind=UnitKind.DEPARTMENT)
    make_staff(closed, "钱七", "000999", status="left", left_on=date(2024, 1, 31))
    retire_unit(unit=closed, on=date(2024, 6, 1), actor=None)
    db.session.commit()
    former = ["钱七", "000999", "H-A-09", "", "", "", "", "", "离职"]
    joining = ["孙八", "000888", "H-A-09", "", "", "", "", "", "在职"]

    assert rejection(csv_bytes([former, joining])) == [(3, "单位编码", "H-A-09", "该单位已撤销")]
    assert import_file(csv_bytes([former])).summary()["unchanged"] == 1


def test_missing_column_rejects_the_file(db, org):
    header = ["姓名", "工号", "单位编码"]
    errors = rejection(csv_bytes([["张三", "1", "H-A"]], header))

    assert {(row, column) for row, column, _v, _r in errors} == {
        (1, "手机号"),
        (1, "性别"),
        (1, "入职日期"),
        (1, "在职状态"),
    }
