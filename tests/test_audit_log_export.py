"""The audit log's .xlsx export: it holds every page of what is shown, in Chinese whatever language
the pages are in, with local times and the changes in words; exporting is itself logged; and an
export too long for one file is refused and not logged.
"""

from __future__ import annotations

from io import BytesIO

import pytest
from audit_log_pages import log_page
from openpyxl import load_workbook
from records_world import SHANGHAI, session, t, world_fixture  # noqa: F401

from volunteer.audit.models import AuditEntry

HEADERS = ["时间", "操作人", "操作", "对象", "单位", "变更内容", "原因", "IP"]


def export(client, **form):
    return client.post("/audit/export.xlsx", data=form)


@pytest.mark.app_config(ROSTER_PAGE_SIZE=2)
def test_the_export_holds_every_page_of_what_is_shown_in_chinese(client, db, login_as, world):
    session(world, t(9), t(10))
    session(world, t(10, 30), t(12))
    login_as(world["manager"])
    assert "第 1 / 2 页" in log_page(client, kind="records")  # four entries, two pages
    client.post("/language", data={"locale": "en"})  # the file is Chinese whatever the pages are

    response = export(client, kind="records")

    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(BytesIO(response.data)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert "第一人民医院" in rows[0][0] and "审计日志" in rows[0][0]
    assert "类别：服务记录" in rows[1][0] and "共 4 条" in rows[1][0]
    assert rows[2] == HEADERS
    entries = rows[3:7]
    assert [row[2] for row in entries] == ["签退", "签到", "签退", "签到"]
    sign_outs = db.select(AuditEntry.at).where(AuditEntry.action == "record.sign_out")
    logged_at = db.session.scalar(sign_outs.order_by(AuditEntry.id.desc()))
    assert entries[0][0] == logged_at.astimezone(SHANGHAI).replace(tzinfo=None, microsecond=0)
    assert "签退时间：— → 2026-03-05 12:00" in entries[0][5].split("\n")
    assert "王小明" in entries[0][1] and "社区义诊" in entries[0][3]
    assert entries[0][4] == "第一人民医院"
    assert "状态：进行中 → 已通过" in entries[0][5].split("\n")
    assert rows[8][0] == "填表人："


def test_exporting_the_log_is_itself_logged(client, db, login_as, world):
    session(world, t(9), t(12))
    login_as(world["manager"])

    export(client, kind="records", person="王小明", since="2026-03-01")

    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "audit.export"))
    assert entry.actor_id == world["manager"].id
    assert entry.unit_id == world["org"]["a"].id
    assert entry.after == {
        "category": "records",
        "person": "王小明",
        "since": "2026-03-01",
        "rows": 2,
    }
    page = log_page(client, kind="exports")
    assert "导出审计日志" in page and "服务记录" in page and "王小明" in page


@pytest.mark.app_config(XLSX_RECORDS_MAX_ROWS=1)
def test_an_export_too_long_for_one_file_is_refused_and_not_logged(client, db, login_as, world):
    session(world, t(9), t(12))
    login_as(world["manager"])

    response = export(client, kind="records")

    assert response.status_code in (302, 400, 409, 422)
    assert (
        db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "audit.export")) is None
    )
