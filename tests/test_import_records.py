"""Importing service sessions from paper sheets: .csv (UTF-8 or GBK) and .xlsx rows become approved
imported records, audited, with each person found by 工号 or phone and each activity by number or
title (narrowed by the day); an end time or hours give the same session; the same file imported
twice creates nothing new; and a day above 8 hours waits for a manager."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from conftest import local_time
from import_files import csv_bytes, write_xlsx
from import_records_world import (  # noqa: F401 - the fixtures are used by name
    DAY,
    records,
    row,
    run,
    world_fixture,
)

from volunteer.audit.models import AuditEntry
from volunteer.records.importing.plan import import_key, import_records
from volunteer.records.models import RecordSource, RecordStatus, ReviewReason


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
