"""Importing service sessions from paper sheets: the rules of a scan, all rows or none, once."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from conftest import local_time
from import_files import RECORDS_HEADER, csv_bytes, write_csv, write_xlsx

from volunteer.audit.models import AuditEntry
from volunteer.imports.tabular import ImportRejected
from volunteer.records.importing.plan import import_key, import_records
from volunteer.records.importing.rows import parse_time
from volunteer.records.models import RecordSource, RecordStatus, ReviewReason, ServiceRecord
from volunteer.records.services import entries, sessions
from volunteer.registration.models import Registration, RegistrationStatus

DAY = "2026-03-05"


@pytest.fixture
def world(org, make_volunteer, make_staff, make_activity):
    """Two volunteers, one unregistered staff member, a long day's activity and a short one."""
    zhang = make_volunteer(org["a1"], "张三", phone="13900000001")
    li = make_volunteer(org["b1"], "李四", phone="13900000002")
    wang = make_staff(org["a1"], "王五", "W00001", phone="13900000003")
    clinic = make_activity(org["a"], "社区义诊", starts_at=local_time(2026, 3, 5, 7, 0), hours=14)
    talk = make_activity(org["b"], "健康讲座", starts_at=local_time(2026, 3, 6, 14, 0), hours=2)
    return {"zhang": zhang, "li": li, "wang": wang, "clinic": clinic, "talk": talk}


def row(who, activity, begin="09:00", end="11:00", day=DAY, phone=""):
    """A line of the default header for a volunteer account (name, 工号 = username)."""
    return [who.staff_member.name, who.username, phone, activity.number, day, begin, end]


def run(rows, header=RECORDS_HEADER, filename="sheet.csv", **options):
    return import_records(data=csv_bytes(rows, header), filename=filename, **options)


def records(db):
    return db.session.scalars(db.select(ServiceRecord).order_by(ServiceRecord.signed_in_at)).all()


def rejected(rows, header=RECORDS_HEADER, **options):
    with pytest.raises(ImportRejected) as caught:
        run(rows, header, **options)
    return [(e.row, e.column, e.reason) for e in caught.value.errors]


def test_csv_rows_become_approved_imported_records_audited(db, world):
    summary = run(
        [
            row(world["zhang"], world["clinic"]),
            row(world["li"], world["talk"], "14:00", "15:30", day="2026/3/6"),
        ],
        source_note="三月纸质签到表",
    )
    db.session.commit()

    assert (summary.created, summary.already, summary.waiting) == (2, 0, 0)
    zhang, li = records(db)
    assert zhang.source == li.source == RecordSource.IMPORT
    assert zhang.status == RecordStatus.APPROVED and zhang.hours == Decimal("2")
    assert zhang.signed_in_at == local_time(2026, 3, 5, 9, 0)
    assert zhang.signed_out_at == local_time(2026, 3, 5, 11, 0)
    assert zhang.service_date == date(2026, 3, 5) and li.hours == Decimal("1.5")
    assert zhang.note == "三月纸质签到表，第 2 行"
    assert zhang.import_key == import_key(
        world["zhang"].id, world["clinic"].id, zhang.signed_in_at, zhang.signed_out_at
    )
    audits = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.action == "record.import")
    ).all()
    assert sorted(a.subject_id for a in audits) == sorted([zhang.id, li.id])


def test_xlsx_with_date_and_time_cells_and_hours(db, world, tmp_path):
    header = ["姓名", "工号", "活动名称", "日期", "开始时间", "时长"]
    path = write_xlsx(
        tmp_path / "sheet.xlsx",
        [["张三", world["zhang"].username, "社区义诊", datetime(2026, 3, 5), time(9, 30), 2.5]],
        header,
        formats={"开始时间": "h:mm", "日期": "yyyy-mm-dd"},
    )
    summary = import_records(data=path.read_bytes(), filename="sheet.xlsx")
    db.session.commit()

    (record,) = records(db)
    assert summary.created == 1
    assert record.signed_in_at == local_time(2026, 3, 5, 9, 30)
    assert record.signed_out_at == local_time(2026, 3, 5, 12, 0)
    assert record.hours == Decimal("2.5")


def test_gbk_csv_found_by_phone_and_title(db, world):
    header = ["姓名", "手机号", "活动名称", "日期", "开始时间", "结束时间"]
    data = csv_bytes(
        [["李四", "139-0000-0002", "健康讲座", "2026-03-06", "14:00", "16:00"]],
        header,
        encoding="gbk",
    )
    summary = import_records(data=data, filename="纸质.csv")
    db.session.commit()

    (record,) = records(db)
    assert summary.created == 1 and record.account_id == world["li"].id
    assert record.activity_id == world["talk"].id


def test_staff_no_and_phone_given_together_must_agree(db, world):
    ok = row(world["zhang"], world["clinic"], phone="13900000001")
    wrong = row(world["zhang"], world["clinic"], "12:00", "13:00", phone="13900000002")
    assert rejected([ok, wrong]) == [(3, "手机号", "手机号与工号 T00001 的登记不一致")]


@pytest.mark.parametrize("end_column", ["结束时间", "时长"])
def test_end_time_or_hours_give_the_same_session(db, world, end_column):
    header = ["姓名", "工号", "活动编号", "日期", "开始时间", end_column]
    end = "11:30" if end_column == "结束时间" else "2.5"
    run([["张三", world["zhang"].username, world["clinic"].number, DAY, "9:00", end]], header)

    (record,) = records(db)
    assert record.signed_out_at == local_time(2026, 3, 5, 11, 30)


def test_a_title_shared_by_activities_on_other_days_is_narrowed_by_the_day(
    db, world, org, make_activity
):
    again = make_activity(org["a"], "社区义诊", starts_at=local_time(2026, 3, 12, 8, 0), hours=4)
    header = ["姓名", "工号", "活动名称", "日期", "开始时间", "结束时间"]
    run([["张三", world["zhang"].username, "社区义诊", "2026-03-12", "08:00", "10:00"]], header)
    (record,) = records(db)
    assert record.activity_id == again.id


def test_an_ambiguous_title_names_the_candidates(db, world, org, make_activity):
    twin = make_activity(org["b"], "社区义诊", starts_at=local_time(2026, 3, 5, 8, 0), hours=4)
    header = ["姓名", "工号", "活动名称", "日期", "开始时间", "结束时间"]
    errors = rejected(
        [["张三", world["zhang"].username, "社区义诊", DAY, "09:00", "10:00"]], header
    )
    numbers = f"{world['clinic'].number}、{twin.number}"
    assert errors == [(2, "活动名称", f"有多个同名活动（{numbers}），请填写活动编号")]


def test_every_kind_of_bad_row_is_listed_and_nothing_is_written(db, world, org, make_staff):
    zhang, clinic, talk = world["zhang"], world["clinic"], world["talk"]
    entries.import_session(
        account=world["li"],
        activity=clinic,
        begin=local_time(2026, 3, 5, 9, 0),
        end=local_time(2026, 3, 5, 10, 0),
        import_key="earlier",
        by=None,
    )
    db.session.commit()
    li = world["li"]
    rows = [
        ["赵六", "NOBODY", "", clinic.number, DAY, "09:00", "10:00"],  # 2 unknown 工号
        ["王五", "W00001", "", clinic.number, DAY, "09:00", "10:00"],  # 3 not registered
        ["张叁", zhang.username, "", clinic.number, DAY, "09:00", "10:00"],  # 4 name mismatch
        ["张三", zhang.username, "", "HD999999", DAY, "09:00", "10:00"],  # 5 unknown activity
        ["张三", zhang.username, "", "X12", DAY, "09:00", "10:00"],  # 6 bad number
        ["张三", zhang.username, "", clinic.number, "3月5日", "09:00", "10:00"],  # 7 bad date
        ["张三", zhang.username, "", clinic.number, DAY, "9点半", "10:00"],  # 8 bad time
        ["张三", zhang.username, "", talk.number, DAY, "09:00", "10:00"],  # 9 outside
        ["张三", zhang.username, "", clinic.number, DAY, "12:00", "11:00"],  # 10 end first
        ["张三", zhang.username, "", clinic.number, DAY, "13:00", "15:00"],  # 11
        ["张三", zhang.username, "", clinic.number, DAY, "14:00", "16:00"],  # 12 overlaps 11
        [
            li.staff_member.name,
            li.username,
            "",
            clinic.number,
            DAY,
            "09:30",
            "10:30",
        ],  # 13 existing
        ["", zhang.username, "", clinic.number, DAY, "09:00", "10:00"],  # 14 no name
        ["张三", "", "", clinic.number, DAY, "09:00", "10:00"],  # 15 no 工号 nor phone
    ]
    errors = rejected(rows)

    by_row = {number: (column, reason) for number, column, reason in errors}
    assert by_row[2] == ("工号", "工号不在花名册中")
    assert by_row[3] == ("工号", "该职工尚未注册为志愿者")
    assert by_row[4] == ("姓名", f"姓名与花名册不一致（工号 {zhang.username}）")
    assert by_row[5] == ("活动编号", "活动编号不存在")
    assert by_row[6] == ("活动编号", "活动编号格式应为 HD000123")
    assert by_row[7][0] == "日期"
    assert by_row[8] == ("开始时间", "时间无法识别，请写成 09:30")
    assert by_row[9][0] == "开始时间" and by_row[9][1].startswith("服务时间不在活动时间内")
    assert by_row[10] == ("结束时间", "结束时间早于开始时间，且该活动不跨午夜。")
    assert by_row[12] == ("开始时间", "与第 11 行是同一人的重叠时间")
    assert by_row[13][0] == "开始时间" and "重叠" in by_row[13][1]
    assert by_row[14] == ("姓名", "姓名不能为空")
    assert by_row[15] == ("工号", "工号和手机号至少填写一项")
    assert 11 not in by_row
    db.session.rollback()
    assert [r.import_key for r in records(db)] == ["earlier"]


def test_too_many_sessions_a_day_at_one_activity(db, world):
    rows = [
        row(world["zhang"], world["clinic"], f"{h:02d}:00", f"{h:02d}:30") for h in (8, 9, 10, 11)
    ]
    errors = rejected(rows)
    assert errors == [(5, "开始时间", "同一活动每天最多签到3次。")]


def test_a_pending_registration_cannot_serve(db, world):
    registration = db.session.scalar(
        db.select(Registration).where(Registration.account_id == world["zhang"].id)
    )
    registration.status = RegistrationStatus.PENDING
    db.session.commit()
    assert rejected([row(world["zhang"], world["clinic"])]) == [
        (2, "工号", "该志愿者的注册尚待管理员核对")
    ]


def test_a_session_not_over_yet_is_refused(db, world, org, make_activity):
    today = make_activity(org["a"], "今日导诊")  # began an hour ago, runs three hours
    begin = today.starts_at.astimezone(local_time(2026, 1, 1).tzinfo)
    header = ["姓名", "工号", "活动编号", "日期", "开始时间", "时长"]
    line = [
        "张三",
        world["zhang"].username,
        today.number,
        f"{begin:%Y-%m-%d}",
        f"{begin:%H:%M}",
        "2",
    ]
    assert rejected([line], header) == [(2, "时长", "服务尚未结束，不能导入")]


def test_importing_the_same_file_twice_creates_nothing_new(db, world):
    rows = [row(world["zhang"], world["clinic"]), row(world["li"], world["clinic"])]
    run(rows)
    db.session.commit()
    audits = db.session.scalar(db.select(db.func.count(AuditEntry.id)))

    summary = run(rows)
    db.session.commit()

    assert (summary.created, summary.already) == (0, 2)
    assert len(records(db)) == 2
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) == audits


def test_a_day_above_8_hours_waits_for_a_manager(db, world):
    rows = [
        row(world["zhang"], world["clinic"], "07:00", "12:00"),
        row(world["zhang"], world["clinic"], "13:00", "17:00"),
    ]
    summary = run(rows)
    morning, afternoon = records(db)
    assert summary.waiting == 1
    assert morning.status == RecordStatus.APPROVED
    assert afternoon.status == RecordStatus.NEEDS_REVIEW
    assert afternoon.review_reason == ReviewReason.DAILY_OVER_MANAGER_LINE


# --- Clipping and midnight (docs/rules.md §3.1, §3.6) -------------------------------------------


@pytest.fixture
def morning(org, make_activity):
    return make_activity(org["a"], "晨间义诊", starts_at=local_time(2026, 3, 7, 8, 0), hours=4)


@pytest.fixture
def night(org, make_activity):
    return make_activity(org["a"], "夜间急救保障", starts_at=local_time(2026, 3, 7, 22, 0), hours=8)


def test_a_row_reaching_outside_the_activity_is_clipped_like_a_scan(db, world, morning):
    summary = run([row(world["zhang"], morning, "07:30", "12:40", day="2026-03-07")])

    (record,) = records(db)
    assert record.signed_in_at == local_time(2026, 3, 7, 7, 30)
    assert record.signed_out_at == local_time(2026, 3, 7, 12, 40)
    assert (record.credited_minutes, record.hours) == (240, Decimal("4"))
    assert record.status == RecordStatus.APPROVED
    (clipped,) = summary.clipped
    assert (clipped.row, clipped.name, clipped.activity) == (2, "张三", morning.number)
    assert (clipped.day, clipped.change) == ("2026-03-07", "07:30–12:40 → 08:00–12:00")
    assert clipped.hours == Decimal("4")


def test_only_the_rows_that_reach_outside_are_listed_as_clipped(db, world, morning):
    summary = run(
        [
            row(world["zhang"], morning, "08:00", "10:00", day="2026-03-07"),
            row(world["li"], morning, "08:00", "12:30", day="2026-03-07"),
        ]
    )
    assert summary.created == 2
    assert [(c.row, c.change) for c in summary.clipped] == [(3, "08:00–12:30 → 08:00–12:00")]


def test_a_row_with_no_time_inside_the_activity_is_refused(db, world, morning):
    errors = rejected([row(world["zhang"], morning, "13:00", "15:00", day="2026-03-07")])
    assert errors == [
        (2, "开始时间", "服务时间不在活动时间内（2026-03-07 08:00–2026-03-07 12:00）")
    ]


@pytest.mark.parametrize(
    ("end_column", "end"),
    [
        pytest.param("结束时间", "02:00", id="22:00–02:00"),
        pytest.param("时长", "4", id="22:00 + 4 h"),
    ],
)
def test_a_night_row_crosses_midnight(db, world, night, end_column, end):
    header = ["姓名", "工号", "活动编号", "日期", "开始时间", end_column]
    line = ["张三", world["zhang"].username, night.number, "2026-03-07", "22:00", end]
    summary = run([line], header)

    (record,) = records(db)
    assert summary.clipped == []
    assert record.signed_in_at == local_time(2026, 3, 7, 22, 0)
    assert record.signed_out_at == local_time(2026, 3, 8, 2, 0)
    assert record.service_date == date(2026, 3, 7) and record.hours == Decimal("4")


def test_a_night_row_with_end_and_hours_must_agree(db, world, night):
    header = ["姓名", "工号", "活动编号", "日期", "开始时间", "结束时间", "时长"]
    line = ["张三", world["zhang"].username, night.number, "2026-03-07", "21:00", "02:00"]
    assert run([[*line, "5"]], header).created == 1
    errors = rejected([[*line[:4], "23:00", "02:00", "4"]], header)
    assert errors == [(2, "时长", "时长与开始、结束时间不一致")]


def test_an_end_before_the_start_is_refused_when_the_activity_does_not_span_midnight(
    db, world, morning
):
    errors = rejected([row(world["zhang"], morning, "11:00", "09:00", day="2026-03-07")])
    assert errors == [(2, "结束时间", "结束时间早于开始时间，且该活动不跨午夜。")]


def test_missing_columns_are_named(db, world):
    header = ["姓名", "日期", "开始时间"]
    errors = rejected([["张三", DAY, "09:00"]], header)
    assert [column for _row, column, _reason in errors] == ["工号", "活动编号", "结束时间"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9:30", time(9, 30)),
        ("09:30:00", time(9, 30)),
        ("9：30", time(9, 30)),
        ("1899-12-30 14:05:00", time(14, 5)),
        ("0.5", time(12, 0)),
        ("25:00", None),
        ("abc", None),
        ("1.5", None),
    ],
)
def test_parse_time(text, expected):
    assert parse_time(text) == expected


# --- The commands ------------------------------------------------------------------------------


def test_command_imports_then_skips_on_the_second_run(db, world, runner, tmp_path):
    path = write_csv(tmp_path / "sheet.csv", [row(world["zhang"], world["clinic"])], RECORDS_HEADER)

    first = runner.invoke(args=["import-records", str(path), "--source-note", "纸质表"])
    second = runner.invoke(args=["import-records", str(path)])

    assert first.exit_code == 0, first.output
    assert "新增 1 条，已导入过 0 条" in first.output
    assert "新增 0 条，已导入过 1 条" in second.output
    assert records(db)[0].note == "纸质表，第 2 行"


def test_command_dry_run_writes_nothing(db, world, runner, tmp_path):
    path = write_csv(tmp_path / "sheet.csv", [row(world["zhang"], world["clinic"])], RECORDS_HEADER)
    result = runner.invoke(args=["import-records", "--dry-run", str(path)])
    assert result.exit_code == 0, result.output
    assert "未写入" in result.output
    assert records(db) == []


@pytest.mark.parametrize(
    ("options", "outcome"), [(["--dry-run"], "检查通过（未写入）"), ([], "导入完成")]
)
def test_command_lists_the_clipped_rows(db, world, morning, runner, tmp_path, options, outcome):
    line = row(world["zhang"], morning, "07:30", "12:40", day="2026-03-07")
    path = write_csv(tmp_path / "sheet.csv", [line], RECORDS_HEADER)

    result = runner.invoke(args=["import-records", *options, str(path)])

    assert result.exit_code == 0, result.output
    assert "1 行超出活动时间，只计入活动时间内的部分：" in result.output
    assert f"2\t张三\t{morning.number}\t2026-03-07\t07:30–12:40 → 08:00–12:00\t4" in result.output
    assert outcome in result.output


def test_command_prints_the_error_table_and_exits_1(db, world, runner, tmp_path):
    rows = [
        row(world["zhang"], world["clinic"]),
        ["赵六", "NOBODY", "", "HD000001", DAY, "9:00", "10:00"],
    ]
    path = write_csv(tmp_path / "sheet.csv", rows, RECORDS_HEADER)
    result = runner.invoke(args=["import-records", str(path)])
    assert result.exit_code == 1
    assert "3\t工号\tNOBODY\t工号不在花名册中" in result.output
    assert records(db) == []


def test_close_forgotten_sign_outs_command(db, world, runner, org, make_activity):
    past = make_activity(org["a"], "早班导诊", starts_at=local_time(2026, 3, 1, 8, 0), hours=2)
    sessions.record_sign_in(
        account=world["zhang"],
        activity=past,
        source=RecordSource.SELF_SCAN,
        at=local_time(2026, 3, 1, 8, 0),
    )
    db.session.commit()

    result = runner.invoke(args=["close-forgotten-sign-outs"])

    assert result.exit_code == 0 and "1" in result.output
    (record,) = records(db)
    assert record.status == RecordStatus.NEEDS_REVIEW
    assert record.review_reason == ReviewReason.FORGOTTEN_SIGN_OUT
