"""The Excel workbooks for the level above: every figure, row and header checked against a year.

Against hospital A's hand-built year (reports_world): the summary lists the unit then its children
with every figure, formatted and with a frozen header; the people list follows the unit on the
measuring day, takes the list's filters and spreads what is still needed over the weeks left; the
records are the approved ones of the headcount in local time, for a year or one month, refused
above the sheet's or the practical row limit; typed text never becomes a formula, nor in the CSV.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from urllib.parse import quote

import pytest
import reports_world
from openpyxl import load_workbook
from reports_world import Y, _csv, _sheet, _signed

from volunteer.activities.models import DEFAULT_CATEGORIES
from volunteer.progress.queries.years import measure_for
from volunteer.reports import exports, sheets

# The fixtures of hospital A's year and its manager.
year_of_a = reports_world.year_of_a
manager_of_a = reports_world.manager_of_a


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
