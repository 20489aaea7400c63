"""The export page for the level above, and who may use it and its downloads.

Against hospital A's hand-built year (reports_world): the page lists every download; a year not
yet begun is a message, not a crash, on the page and each workbook; another hospital's manager is
refused the page and every download; the commission's manager sees both hospitals in the summary
and their records in the CSV, adding up to the same hours.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import reports_world
from reports_world import Y, _csv, _sheet, _signed

from volunteer.auth.models import Role

# The fixtures of hospital A's year and its manager.
year_of_a = reports_world.year_of_a
manager_of_a = reports_world.manager_of_a


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
