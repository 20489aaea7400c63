"""The CSV for the national volunteer system, and the ID numbers kept out of every other export.

Checked against hospital A's hand-built year (reports_world): the plain CSV lists the approved
records in the national system's columns with no ID numbers and leaves no audit entry; the ID
numbers come only through a POST with both a confirmation and a reason, and each such export is
audited with its reason, year and row count; no Excel workbook ever carries an ID number.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
import reports_world
from reports_world import ID_CARD, Y, _csv, _sheet

from volunteer.audit.models import AuditEntry

NATIONAL_HEADER = "姓名,证件类型,证件号码,志愿者编号,活动名称,服务日期,开始时间,结束时间,服务时长"

# The fixtures of hospital A's year and its manager.
year_of_a = reports_world.year_of_a
manager_of_a = reports_world.manager_of_a


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
