"""Importing registrations made in 全国志愿服务信息系统: all rows match the roster, or nothing."""

import io
from datetime import date

import pytest
from openpyxl import Workbook

from volunteer.audit.models import AuditEntry
from volunteer.imports.tabular import ImportRejected
from volunteer.registration.models import Registration, RegistrationSource, RegistrationStatus
from volunteer.registration.services import self_registration
from volunteer.registration.services.national_import import import_national_registrations

HEADER = "姓名,工号,手机号,志愿者编号,注册日期"


def csv_bytes(*lines: str) -> bytes:
    return "\n".join([HEADER, *lines]).encode("utf-8")


def run(data: bytes, filename: str = "national.csv", **options):
    return import_national_registrations(data=data, filename=filename, **options, actor=None)


def all_registrations(db):
    return db.session.scalars(db.select(Registration).order_by(Registration.id)).all()


@pytest.fixture
def roster(org, make_staff):
    return {
        "zhang": make_staff(org["a1"], "张三", "000123"),
        "li": make_staff(org["b1"], "李四", "000456", phone="13900000009"),
    }


def test_rows_matched_by_staff_no_or_phone_become_registrations(db, roster):
    summary = run(
        csv_bytes("张三,000123,,3301-0001,2023-05-04", "李四,,13900000009,3301-0002,2023/6/1")
    )
    db.session.commit()

    assert (summary.created, summary.updated, summary.unchanged) == (2, 0, 0)
    zhang, li = all_registrations(db)
    assert zhang.staff_member_id == roster["zhang"].id and li.staff_member_id == roster["li"].id
    assert zhang.source == RegistrationSource.NATIONAL_IMPORT
    assert zhang.status == RegistrationStatus.ACTIVE
    assert (zhang.national_volunteer_no, zhang.registered_on) == ("3301-0001", date(2023, 5, 4))
    assert li.registered_on == date(2023, 6, 1)
    assert zhang.account_id is None and zhang.unit_id == roster["zhang"].unit_id
    audits = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.action == "registration.import")
    ).all()
    assert {a.unit_id for a in audits} == {roster["zhang"].unit_id, roster["li"].unit_id}


def test_importing_the_same_file_again_changes_nothing(db, roster):
    data = csv_bytes("张三,000123,,3301-0001,2023-05-04", "李四,,13900000009,3301-0002,2023-06-01")
    run(data)
    db.session.commit()
    audits_before = db.session.scalar(db.select(db.func.count(AuditEntry.id)))

    summary = run(data)
    db.session.commit()

    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 2)
    assert len(all_registrations(db)) == 2
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) == audits_before


def test_import_dates_an_existing_self_registration_from_the_national_system(db, org, roster):
    self_registration.register_volunteer(
        unit=org["a"],
        name="张三",
        staff_no="000123",
        phone=roster["zhang"].phone,
        password="long-pass-1",
        actor=None,
    )
    db.session.commit()

    summary = run(csv_bytes("张三,000123,,3301-0001,2022-01-15"))
    db.session.commit()

    assert (summary.created, summary.updated) == (0, 1)
    [registration] = all_registrations(db)
    assert registration.registered_on == date(2022, 1, 15)
    assert registration.national_volunteer_no == "3301-0001"
    assert registration.account.username == "000123"


def test_bad_rows_reject_the_whole_file_listing_every_error(db, roster):
    data = csv_bytes(
        "张三,000123,,3301-0001,2023-05-04",
        "王五,999999,,3301-0002,2023-05-04",
        "李四四,000456,,3301-0003,2023-05-04",
        "李四,000456,,3301-0004,2023-13-45",
        "张三,000123,,3301-0005,2023-05-04",
        "李四,,13900000009,3301-0001,2023-05-04",
        "李四,,,3301-0006,2023-05-04",
    )

    with pytest.raises(ImportRejected) as rejected:
        run(data)

    found = {(e.row, e.column, e.reason) for e in rejected.value.errors}
    assert (3, "工号", "工号不在花名册中") in found
    assert (4, "姓名", "姓名与花名册不一致（工号 000456）") in found
    assert (5, "注册日期", "日期无法识别") in found
    assert (6, "姓名", "与第 2 行是同一职工") in found
    assert (7, "志愿者编号", "与第 2 行重复") in found
    assert (8, "工号", "工号和手机号至少填写一项") in found
    assert all(e.row != 2 for e in rejected.value.errors)
    assert all_registrations(db) == []


def test_manager_import_refuses_staff_outside_their_units(db, org, roster):
    with pytest.raises(ImportRejected) as rejected:
        run(csv_bytes("李四,000456,,3301-0002,2023-05-04"), scope=[org["a"]])

    [error] = rejected.value.errors
    assert (error.row, error.reason) == (2, "该职工不在您管理的单位中")


def test_national_number_already_held_by_someone_else_is_refused(db, roster):
    run(csv_bytes("张三,000123,,3301-0001,2023-05-04"))
    db.session.commit()

    with pytest.raises(ImportRejected) as rejected:
        run(csv_bytes("李四,000456,,3301-0001,2023-05-04"))

    assert rejected.value.errors[0].reason == "该志愿者编号已属于另一条注册"


def test_file_needs_a_staff_no_or_phone_column(db, roster):
    data = "姓名,志愿者编号,注册日期\n张三,3301-0001,2023-05-04".encode()

    with pytest.raises(ImportRejected) as rejected:
        run(data)

    # The message names the headers each column may also be written as (issue 10).
    message = rejected.value.errors[0].worded()
    assert message.startswith("需要“工号”或“手机号”列（")
    assert "职工号" in message and "联系电话" in message


def test_future_registration_date_is_refused(db, roster):
    with pytest.raises(ImportRejected) as rejected:
        run(csv_bytes("张三,000123,,3301-0001,2999-01-01"))

    assert rejected.value.errors[0].reason == "注册日期晚于今天"


def test_dry_run_counts_without_writing(db, roster):
    summary = run(csv_bytes("张三,000123,,3301-0001,2023-05-04"), dry_run=True)

    assert summary.created == 1
    assert all_registrations(db) == []


def test_excel_file_with_dates_and_zero_padded_staff_numbers_is_read(db, roster):
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "工号", "志愿者编号", "注册日期"])
    sheet.append(["张三", 123, "3301-0001", date(2023, 5, 4)])
    sheet["B2"].number_format = "000000"
    buffer = io.BytesIO()
    book.save(buffer)

    summary = run(buffer.getvalue(), filename="national.xlsx")

    assert summary.created == 1
    assert all_registrations(db)[0].registered_on == date(2023, 5, 4)


def test_command_imports_the_file_and_reports_counts(db, runner, roster, tmp_path):
    path = tmp_path / "national.csv"
    path.write_bytes(csv_bytes("张三,000123,,3301-0001,2023-05-04"))

    result = runner.invoke(args=["import-registrations", str(path)])

    assert result.exit_code == 0, result.output
    assert "新增 1" in result.output
    assert len(all_registrations(db)) == 1


def test_command_dry_run_writes_nothing(db, runner, roster, tmp_path):
    path = tmp_path / "national.csv"
    path.write_bytes(csv_bytes("张三,000123,,3301-0001,2023-05-04"))

    result = runner.invoke(args=["import-registrations", "--dry-run", str(path)])

    assert result.exit_code == 0 and "未写入" in result.output
    assert all_registrations(db) == []


def test_command_exits_1_on_a_bad_file_and_lists_the_errors(db, runner, roster, tmp_path):
    path = tmp_path / "national.csv"
    path.write_bytes(
        csv_bytes("张三,000123,,3301-0001,2023-05-04", "王五,999999,,3301-0002,2023-05-04")
    )

    result = runner.invoke(args=["import-registrations", str(path)])

    assert result.exit_code == 1
    assert "3\t工号\t999999\t工号不在花名册中" in result.output
    assert all_registrations(db) == []


@pytest.mark.parametrize("written", ["139-0000-0009", "+86 13900000009", "+86 139 0000 0009"])
def test_phone_written_with_dashes_or_country_code_still_matches_the_roster(db, roster, written):
    summary = run(csv_bytes(f"李四,,{written},3301-0002,2023-06-01"))
    db.session.commit()

    assert summary.created == 1
    (li,) = all_registrations(db)
    assert li.staff_member_id == roster["li"].id and li.phone == "13900000009"
