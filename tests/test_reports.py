"""Exports for the level above: every figure, row and header checked against a hand-built year.

Last year (Y), measured on 31 December, target 48 h, for hospital A (H-A, department H-A-01):

  王二  H-A     registered, no volunteer no.   Act3 50.0 (00:00 on 10 June to 02:00 on 12 June)
  张一  H-A-01  registered, V20250001, ID      Act1 3.0 (scanned 08:30–12:10, counted 09:00–12:00)
                                               + make-up Act2 2.5; 2 h waiting, 1 h rejected,
                                               and 1 h on 31 December of Y-1 (none count)
  李三  H-A-01  not registered, no login        0
  钱五  H-A-01  registered, V20250005           Act4 4.0 in April while in H-B-01; moved to
                                               H-A-01 on 1 June, so the hours follow him
  赵四  H-A-01  left 1 September                Act1 3.0, never counted
  周七  H-B-01  registered                      Act4 3.0 (hospital B)
  an external volunteer                         Act1 3.0, never counted
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from conftest import local_time
from openpyxl import load_workbook

from volunteer.activities.models import DEFAULT_CATEGORIES
from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Role
from volunteer.people.models import EmploymentStatus, StaffTransfer
from volunteer.progress.queries.years import measure_for
from volunteer.records.models import RecordSource, RecordStatus, ServiceRecord
from volunteer.records.totals import rebuild_totals
from volunteer.registration.models import Registration, RegistrationStatus
from volunteer.reports import exports, sheets

Y = datetime.now(ZoneInfo("Asia/Shanghai")).year - 1
ID_CARD = "11010519491231002X"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NATIONAL_HEADER = "姓名,证件类型,证件号码,志愿者编号,活动名称,服务日期,开始时间,结束时间,服务时长"


def _record(db, account, activity, begin, end, hours, **fields):
    db.session.add(
        ServiceRecord(
            account_id=account.id,
            activity_id=activity.id,
            source=fields.pop("source", RecordSource.SELF_SCAN),
            status=fields.pop("status", RecordStatus.APPROVED),
            signed_in_at=begin,
            signed_out_at=end,
            service_date=begin.date(),
            credited_minutes=int(Decimal(hours) * 60),
            hours=Decimal(hours),
            **fields,
        )
    )


@pytest.fixture
def year_of_a(db, org, make_staff, make_account, make_activity):
    """Build the year above; return the activities by name."""
    a, a1, b1 = org["a"], org["a1"], org["b1"]
    people = {
        "王二": make_staff(a, "王二", "S002"),
        "张一": make_staff(a1, "张一", "S001", id_card=ID_CARD),
        "李三": make_staff(a1, "李三", "S003"),
        "钱五": make_staff(a1, "钱五", "S005"),
        "赵四": make_staff(a1, "赵四", "S004", status=EmploymentStatus.LEFT, left_on=date(Y, 9, 1)),
        "周七": make_staff(b1, "周七", "S007"),
    }
    db.session.add(
        StaffTransfer(
            staff_member_id=people["钱五"].id,
            from_unit_id=b1.id,
            to_unit_id=a1.id,
            effective_on=date(Y, 6, 1),
        )
    )
    numbers = {"张一": "V20250001", "钱五": "V20250005"}
    who = {}
    for name, person in people.items():
        if name == "李三":
            continue
        who[name] = make_account(person.staff_no, Role.VOLUNTEER, person.unit, staff_member=person)
        db.session.add(
            Registration(
                status=RegistrationStatus.ACTIVE,
                unit_id=person.unit_id,
                staff_member_id=person.id,
                account_id=who[name].id,
                claimed_name=name,
                registered_on=date(Y, 1, 10),
                national_volunteer_no=numbers.get(name),
            )
        )
    who["external"] = make_account("ext", Role.VOLUNTEER, a, display_name="外来志愿者")
    act = {
        "Act1": make_activity(a, "社区义诊", starts_at=local_time(Y, 3, 5, 9, 0), hours=3),
        "Act2": make_activity(
            a, "健康讲座", starts_at=local_time(Y, 7, 1, 14, 0), hours=3, category_id=2
        ),
        "Act3": make_activity(
            a1, "夜间导诊", starts_at=local_time(Y, 6, 10, 0, 0), hours=50, category_id=3
        ),
        "Act4": make_activity(org["b"], "急救培训", starts_at=local_time(Y, 4, 2, 9, 0), hours=4),
    }
    at = local_time
    _record(db, who["王二"], act["Act3"], at(Y, 6, 10, 0, 0), at(Y, 6, 12, 2, 0), "50",
            source=RecordSource.COORDINATOR_ENTRY)  # fmt: skip
    _record(db, who["张一"], act["Act1"], at(Y, 3, 5, 8, 30), at(Y, 3, 5, 12, 10), "3")
    _record(db, who["张一"], act["Act2"], at(Y, 7, 1, 14, 0), at(Y, 7, 1, 16, 30), "2.5",
            source=RecordSource.MAKE_UP)  # fmt: skip
    _record(db, who["张一"], act["Act1"], at(Y, 3, 20, 9, 0), at(Y, 3, 20, 11, 0), "2",
            status=RecordStatus.NEEDS_REVIEW)  # fmt: skip
    _record(db, who["张一"], act["Act1"], at(Y, 3, 21, 9, 0), at(Y, 3, 21, 10, 0), "1",
            status=RecordStatus.REJECTED)  # fmt: skip
    _record(db, who["张一"], act["Act1"], at(Y - 1, 12, 31, 20, 0), at(Y - 1, 12, 31, 21, 0), "1")
    _record(db, who["钱五"], act["Act4"], at(Y, 4, 2, 9, 0), at(Y, 4, 2, 13, 0), "4")
    _record(db, who["赵四"], act["Act1"], at(Y, 3, 5, 9, 0), at(Y, 3, 5, 12, 0), "3")
    _record(db, who["周七"], act["Act4"], at(Y, 4, 2, 9, 0), at(Y, 4, 2, 12, 0), "3")
    _record(db, who["external"], act["Act1"], at(Y, 3, 5, 9, 0), at(Y, 3, 5, 12, 0), "3")
    db.session.flush()
    rebuild_totals()
    db.session.commit()
    return act


@pytest.fixture
def manager_of_a(org, make_account, login_as, year_of_a):
    login_as(make_account("mgr-a", Role.MANAGER, org["a"]))


def _sheet(response) -> list[tuple]:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == XLSX
    workbook = load_workbook(io.BytesIO(response.data))
    return [tuple(row) for row in workbook.active.iter_rows(values_only=True)]


def _signed(rows: list[tuple]) -> list[tuple]:
    """Check the blank line and the signature block at the bottom; return the rows above."""
    *body, blank, signature = rows
    assert set(blank) == {None}
    assert [cell for cell in signature if cell] == [
        "填表人：",
        "负责人：",
        "单位（盖章）：",
        "日期：",
    ]
    return body


def test_summary_lists_the_unit_then_its_children_with_every_figure(client, org, manager_of_a):
    response = client.get(f"/reports/units/{org['a'].id}/summary.xlsx?year={Y}")
    disposition = response.headers["Content-Disposition"]
    assert f"filename*=UTF-8''{quote(f'第一人民医院-{Y}-完成情况.xlsx')}" in disposition
    title, note, header, *rows = _signed(_sheet(response))
    assert title[0] == f"第一人民医院 {Y} 年志愿服务完成情况（数据截至 {Y}-12-31）"
    assert "人均服务时长 48 小时" in note[0]
    assert header == (
        "单位代码", "单位名称", "在职人数", "已注册人数", "注册率", "服务总时长",
        "人均时长", "达标人数", "达标率", "补录时长", "待审核时长", "进度状态",
    )  # fmt: skip
    assert rows == [
        ("H-A", "第一人民医院", 4, 3, 0.75, 59.5, 14.88, 1, 0.25, 2.5, 2, "进度滞后"),
        ("H-A-01", "心内科", 3, 2, 0.6667, 9.5, 3.17, 0, 0, 2.5, 2, "进度滞后"),
        ("H-A", "第一人民医院（本级）", 1, 1, 1, 50, 50, 1, 1, 0, 0, "进度正常"),
    ]


def test_summary_formats_rates_as_percentages_and_freezes_the_header(client, org, manager_of_a):
    response = client.get(f"/reports/units/{org['a'].id}/summary.xlsx?year={Y}")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet["E4"].number_format == "0.0%" and sheet["I5"].number_format == "0.0%"
    assert sheet["A4"].font.b and not sheet["A5"].font.b
    assert sheet.freeze_panes == "A4"
    assert "A1:L1" in {str(cells) for cells in sheet.merged_cells.ranges}
    assert sheet.column_dimensions["B"].width == 28


def test_people_rows_follow_the_unit_on_d_with_hours_and_needs(client, org, manager_of_a):
    response = client.get(f"/reports/units/{org['a'].id}/people.xlsx?year={Y}")
    assert quote(f"第一人民医院-{Y}-人员名单.xlsx") in response.headers["Content-Disposition"]
    title, note, header, *rows = _signed(_sheet(response))
    assert title[0] == f"第一人民医院 {Y} 年志愿者服务时长明细（数据截至 {Y}-12-31）"
    assert note[0].startswith("范围：全部在职人员。")
    assert header == (
        "工号", "姓名", "单位", "是否注册", "注册日期", "已审核时长",
        "待审核时长", "补录时长", "尚需时长", "每周需完成",
    )  # fmt: skip
    registered = datetime(Y, 1, 10)
    # A past year is over: nobody has weeks left, so 每周需完成 is empty.
    assert rows == [
        ("S002", "王二", "第一人民医院", "是", registered, 50, 0, 0, 0, None),
        ("S001", "张一", "心内科", "是", registered, 5.5, 2, 2.5, 42.5, None),
        ("S003", "李三", "心内科", "否", None, 0, 0, 0, 48, None),
        ("S005", "钱五", "心内科", "是", registered, 4, 0, 0, 44, None),
    ]


@pytest.mark.parametrize(
    ("chosen", "staff_nos"),
    [("unregistered", ["S003"]), ("below_target", ["S001", "S003", "S005"]), ("left", ["S004"])],
)
def test_people_export_takes_the_list_filters(client, org, manager_of_a, chosen, staff_nos):
    response = client.get(f"/reports/units/{org['a'].id}/people.xlsx?year={Y}&filter={chosen}")
    _title, _note, _header, *rows = _signed(_sheet(response))
    assert [row[0] for row in rows] == staff_nos


def test_weekly_rate_counts_the_weeks_left_in_the_current_year(app, org, year_of_a):
    measure = measure_for(Y, today=date(Y, 12, 3))
    out = io.BytesIO()
    exports.write_people_xlsx(out, org["a"], measure, today=date(Y, 12, 3))
    rows = list(load_workbook(out).active.iter_rows(min_row=4, values_only=True))
    # 29 days from 3 to 31 December: needed × 7 / 29.
    assert [(row[0], row[8], row[9]) for row in rows[:4]] == [
        ("S002", 0, 0),
        ("S001", 42.5, 10.3),
        ("S003", 48, 11.6),
        ("S005", 44, 10.6),
    ]


def test_records_are_the_approved_ones_of_the_headcount_in_local_time(
    client, org, manager_of_a, year_of_a
):
    response = client.get(f"/reports/units/{org['a'].id}/records.xlsx?year={Y}")
    title, note, header, *rows = _signed(_sheet(response))
    assert title[0] == f"第一人民医院 {Y} 年志愿服务记录（数据截至 {Y}-12-31）"
    assert "共 4 条" in note[0]
    assert header == (
        "姓名", "工号", "单位", "志愿者编号", "活动编号", "活动名称", "服务类别",
        "服务日期", "开始时间", "结束时间", "服务时长", "来源",
    )  # fmt: skip
    act = year_of_a
    number = {name: f"HD{activity.id:06d}" for name, activity in act.items()}
    day, at = datetime, datetime
    assert rows == [
        ("王二", "S002", "第一人民医院", None, number["Act3"], "夜间导诊", DEFAULT_CATEGORIES[2],
         day(Y, 6, 10), at(Y, 6, 10, 0, 0), at(Y, 6, 12, 2, 0), 50, "负责人代签"),
        ("张一", "S001", "心内科", "V20250001", number["Act1"], "社区义诊", DEFAULT_CATEGORIES[0],
         day(Y, 3, 5), at(Y, 3, 5, 9, 0), at(Y, 3, 5, 12, 0), 3, "扫码签到"),
        ("张一", "S001", "心内科", "V20250001", number["Act2"], "健康讲座", DEFAULT_CATEGORIES[1],
         day(Y, 7, 1), at(Y, 7, 1, 14, 0), at(Y, 7, 1, 16, 30), 2.5, "补录"),
        ("钱五", "S005", "心内科", "V20250005", number["Act4"], "急救培训", DEFAULT_CATEGORIES[0],
         day(Y, 4, 2), at(Y, 4, 2, 9, 0), at(Y, 4, 2, 13, 0), 4, "扫码签到"),
    ]  # fmt: skip
    # The same people as the progress figures: the records add up to the unit's 59.5 h.
    assert sum(row[10] for row in rows) == 59.5
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet["I4"].number_format == "yyyy-mm-dd hh:mm"


def test_records_of_one_month(client, org, manager_of_a):
    response = client.get(f"/reports/units/{org['a'].id}/records.xlsx?year={Y}&month=3")
    assert quote(f"第一人民医院-{Y}-03-服务记录.xlsx") in response.headers["Content-Disposition"]
    title, _note, _header, *rows = _signed(_sheet(response))
    assert title[0].startswith(f"第一人民医院 {Y} 年 3 月志愿服务记录")
    assert [(row[0], row[5]) for row in rows] == [("张一", "社区义诊")]


@pytest.mark.parametrize(("sheet_rows", "setting", "limit"), [(3, 50_000, 3), (10**6, 2, 2)])
def test_records_above_the_sheet_or_the_practical_limit_are_refused(
    app, client, org, manager_of_a, monkeypatch, sheet_rows, setting, limit
):
    monkeypatch.setattr(sheets, "MAX_DATA_ROWS", sheet_rows)
    app.config["XLSX_RECORDS_MAX_ROWS"] = setting
    response = client.get(f"/reports/units/{org['a'].id}/records.xlsx?year={Y}")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"服务记录共 4 条，超过 Excel 导出的上限 {limit} 条，请选择月份" in page


def test_typed_text_never_becomes_a_formula(client, org, db, manager_of_a, year_of_a):
    year_of_a["Act1"].title = '=HYPERLINK("http://evil","点此")'
    db.session.commit()
    base = f"/reports/units/{org['a'].id}/records"
    sheet = load_workbook(io.BytesIO(client.get(f"{base}.xlsx?year={Y}&month=3").data)).active
    assert (sheet["F4"].value, sheet["F4"].data_type) == ('=HYPERLINK("http://evil","点此")', "s")
    _header, rows = _csv(client.get(f"{base}.csv?year={Y}&month=3"))
    assert rows[0][4] == '\'=HYPERLINK("http://evil","点此")'


def _csv(response) -> tuple[str, list[list[str]]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    raw = response.data
    assert raw.startswith("\ufeff".encode())
    text = raw.decode("utf-8-sig")
    return text.splitlines()[0], list(csv.reader(io.StringIO(text)))[1:]


def _id_exports(db) -> list[AuditEntry]:
    return db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.action == "export.id_numbers")
    ).all()


def _line(name, number, title, day, begin, end, hours) -> list[str]:
    """A national-system row of year Y without ID numbers; dates given as MM-DD."""
    return [name, "", "", number, title, f"{Y}-{day}", f"{Y}-{begin}", f"{Y}-{end}", hours]


def test_csv_for_the_national_system_leaves_id_numbers_out(client, org, db, manager_of_a):
    response = client.get(f"/reports/units/{org['a'].id}/records.csv?year={Y}")
    disposition = response.headers["Content-Disposition"]
    assert quote(f"第一人民医院-{Y}-服务记录-全国系统导入.csv") in disposition
    header, rows = _csv(response)
    assert header == NATIONAL_HEADER
    assert rows == [
        _line("王二", "", "夜间导诊", "06-10", "06-10 00:00", "06-12 02:00", "50.0"),
        _line("张一", "V20250001", "社区义诊", "03-05", "03-05 09:00", "03-05 12:00", "3.0"),
        _line("张一", "V20250001", "健康讲座", "07-01", "07-01 14:00", "07-01 16:30", "2.5"),
        _line("钱五", "V20250005", "急救培训", "04-02", "04-02 09:00", "04-02 13:00", "4.0"),
    ]
    assert ID_CARD not in response.get_data(as_text=True)
    assert _id_exports(db) == []


def test_id_numbers_come_only_with_a_reason_and_are_audited(client, org, db, manager_of_a):
    url = f"/reports/units/{org['a'].id}/records-with-id-numbers.csv?year={Y}"
    reason = f"向全国志愿服务信息系统报送 {Y} 年服务时长"
    response = client.post(url, data={"month": "0", "reason": reason, "confirm": "y"})
    assert quote("含证件号码.csv") in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    header, rows = _csv(response)
    assert header == NATIONAL_HEADER
    assert [(row[0], row[1], row[2]) for row in rows] == [
        ("王二", "", ""),
        ("张一", "居民身份证", ID_CARD),
        ("张一", "居民身份证", ID_CARD),
        ("钱五", "", ""),
    ]
    [entry] = _id_exports(db)
    unit_id = org["a"].id
    assert (entry.subject_type, entry.subject_id, entry.unit_id) == ("unit", unit_id, unit_id)
    assert entry.reason == reason
    assert entry.after == {"year": Y, "month": None, "rows": 4}


@pytest.mark.parametrize(
    "data", [{"reason": "报送"}, {"confirm": "y"}, {"reason": "   ", "confirm": "y"}]
)
def test_id_numbers_need_both_the_confirmation_and_a_reason(client, org, db, manager_of_a, data):
    url = f"/reports/units/{org['a'].id}/records-with-id-numbers.csv?year={Y}"
    response = client.post(url, data={"month": "3", **data})
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert ID_CARD not in page and '<details class="report-ids" open>' in page
    assert "请勾选确认。" in page or "请填写导出证件号码的原因。" in page
    assert _id_exports(db) == []


def test_no_xlsx_export_carries_an_id_number(client, org, manager_of_a):
    for path in ("summary.xlsx", "people.xlsx", "records.xlsx"):
        rows = _sheet(client.get(f"/reports/units/{org['a'].id}/{path}?year={Y}"))
        assert not any(ID_CARD in str(cell) for row in rows for cell in row), path


def test_the_export_page_lists_the_downloads(client, org, manager_of_a):
    page = client.get(f"/reports/units/{org['a'].id}?year={Y}").get_data(as_text=True)
    for endpoint in ("summary.xlsx", "people.xlsx", "records.xlsx", "records.csv"):
        assert f"/reports/units/{org['a'].id}/{endpoint}" in page
    assert "records-with-id-numbers.csv" in page and "导出原因" in page
    assert f"数据截至 {Y}-12-31" in page


@pytest.mark.parametrize("path", ["", "/summary.xlsx", "/people.xlsx", "/records.xlsx"])
def test_a_year_not_yet_begun_is_a_message_not_a_crash(client, org, manager_of_a, path):
    year = datetime.now(ZoneInfo("Asia/Shanghai")).year + 1
    response = client.get(f"/reports/units/{org['a'].id}{path}?year={year}")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"{year} 年尚未开始，还没有数据。" in page


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", ""), ("GET", "/summary.xlsx"), ("GET", "/people.xlsx"), ("GET", "/records.xlsx"),
     ("GET", "/records.csv"), ("POST", "/records-with-id-numbers.csv")],
)  # fmt: skip
def test_another_hospitals_manager_is_refused(client, org, make_account, login_as, year_of_a,
                                              method, path):  # fmt: skip
    login_as(make_account("mgr-b", Role.MANAGER, org["b"]))
    data = {"reason": "报送", "confirm": "y"} if method == "POST" else None
    response = client.open(f"/reports/units/{org['a'].id}{path}?year={Y}", method=method, data=data)
    assert response.status_code == 403


def test_the_commission_sees_both_hospitals_and_their_records(client, org, make_account, login_as,
                                                              year_of_a):  # fmt: skip
    login_as(make_account("mgr-root", Role.MANAGER, org["root"]))
    _title, _note, _header, total, *children = _signed(
        _sheet(client.get(f"/reports/units/{org['root'].id}/summary.xlsx?year={Y}"))
    )
    assert total[:6] == ("WJW", "市卫生健康委员会", 5, 4, 0.8, 62.5)
    assert [(row[0], row[2], row[5]) for row in children] == [("H-A", 4, 59.5), ("H-B", 1, 3)]
    _header, rows = _csv(client.get(f"/reports/units/{org['root'].id}/records.csv?year={Y}"))
    assert sum(Decimal(row[8]) for row in rows) == Decimal("62.5")
