"""The web page for importing a sheet of service sessions: a manager checks the file first,
sees the rows clipped to their activity, then imports it, only at activities of their units."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from conftest import local_time
from import_files import RECORDS_HEADER, csv_bytes

from volunteer.auth.models import Role
from volunteer.records.models import RecordSource, ServiceRecord


@pytest.fixture
def sheet(org, make_volunteer, make_activity, make_account, login_as):
    """A manager of hospital A logged in; its morning activity 08:00–12:00 on 7 March."""
    manager = make_account("mgr-a", Role.MANAGER, org["a"])
    login_as(manager)
    volunteer = make_volunteer(org["a1"], "张三")
    morning = make_activity(org["a"], "晨间义诊", starts_at=local_time(2026, 3, 7, 8, 0), hours=4)
    elsewhere = make_activity(org["b"], "健康讲座", starts_at=local_time(2026, 3, 7, 14), hours=2)
    return {"manager": manager, "volunteer": volunteer, "morning": morning, "other": elsewhere}


def line(sheet, activity, begin, end):
    """A row of the default header: 姓名, 工号, 手机号, 活动编号, 日期, 开始时间, 结束时间."""
    volunteer = sheet["volunteer"]
    name, staff_no = volunteer.staff_member.name, volunteer.username
    return [name, staff_no, "", activity.number, "2026-03-07", begin, end]


def upload(client, rows, *, check_only: bool):
    data = {"file": (io.BytesIO(csv_bytes(rows, RECORDS_HEADER)), "三月签到表.csv")}
    if check_only:
        data["check_only"] = "y"
    return client.post("/records/import", data=data, content_type="multipart/form-data")


def records(db):
    return db.session.scalars(db.select(ServiceRecord)).all()


def test_the_page_offers_the_form_with_checking_first(client, sheet):
    page = client.get("/records/import").get_data(as_text=True)
    assert '<input checked id="check_only" name="check_only" type="checkbox"' in page
    assert "/imports/templates/records.xlsx" in page


def test_a_check_shows_the_clipped_rows_and_writes_nothing(db, client, sheet):
    response = upload(client, [line(sheet, sheet["morning"], "07:30", "12:40")], check_only=True)

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "检查通过（未写入）" in page
    assert "超出活动时间的行" in page
    assert "07:30–12:40 → 08:00–12:00" in page
    assert "4 小时" in page
    assert records(db) == []


def test_importing_writes_the_records_clipped_like_a_scan(db, client, sheet):
    response = upload(client, [line(sheet, sheet["morning"], "07:30", "12:40")], check_only=False)

    page = response.get_data(as_text=True)
    assert "导入完成：新增 1 条服务记录。" in page
    assert "07:30–12:40 → 08:00–12:00" in page
    (record,) = records(db)
    assert record.source == RecordSource.IMPORT
    assert record.signed_in_at == local_time(2026, 3, 7, 7, 30)
    assert (record.credited_minutes, record.hours) == (240, Decimal("4"))
    assert record.recorded_by_id == sheet["manager"].id
    assert record.note == "三月签到表.csv，第 2 行"


def test_a_row_at_an_activity_of_another_unit_is_refused_and_nothing_is_written(db, client, sheet):
    rows = [
        line(sheet, sheet["morning"], "08:00", "10:00"),
        line(sheet, sheet["other"], "14:00", "15:00"),
    ]
    page = upload(client, rows, check_only=False).get_data(as_text=True)

    assert "文件有 1 处错误，未导入任何数据。" in page
    assert "该活动不属于您管理的单位" in page
    assert records(db) == []


def test_a_row_refused_by_the_rules_undoes_the_rows_written_before_it(db, client, sheet):
    # Four sessions at one activity in a day: the fourth is refused once three are written.
    rows = [line(sheet, sheet["morning"], f"{h:02d}:00", f"{h:02d}:30") for h in (8, 9, 10, 11)]
    page = upload(client, rows, check_only=False).get_data(as_text=True)

    assert "同一活动每天最多签到3次。" in page
    assert records(db) == []


def test_a_volunteer_may_not_import(client, org, make_volunteer, login_as):
    volunteer = make_volunteer(org["a1"], "李四")
    client.post("/logout")
    login_as(volunteer)
    assert client.get("/records/import").status_code == 403
