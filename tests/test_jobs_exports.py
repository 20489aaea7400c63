"""A records workbook above the synchronous limit is made by the worker, whole, in one sheet."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from conftest import local_time
from openpyxl import load_workbook
from sqlalchemy import select

from volunteer.auth.models import Role
from volunteer.jobs.models import Job, JobStatus
from volunteer.records.models import RecordSource, RecordStatus, ServiceRecord
from volunteer.records.totals import rebuild_totals

Y = datetime.now(ZoneInfo("Asia/Shanghai")).year - 1
DAYS = 5

pytestmark = pytest.mark.app_config(HUEY_IMMEDIATE=True, XLSX_RECORDS_MAX_ROWS=3)


@pytest.fixture
def manager(db, org, make_volunteer, make_activity, make_account, login_as):
    """Approved mornings of one volunteer of hospital A, one a month from January last year."""
    volunteer = make_volunteer(org["a1"], "张一")
    for day in range(1, DAYS + 1):
        activity = make_activity(org["a"], f"义诊{day}", starts_at=local_time(Y, day, 1, 9, 0))
        db.session.add(
            ServiceRecord(
                account_id=volunteer.id,
                activity_id=activity.id,
                source=RecordSource.SELF_SCAN,
                status=RecordStatus.APPROVED,
                signed_in_at=local_time(Y, day, 1, 9, 0),
                signed_out_at=local_time(Y, day, 1, 12, 0),
                service_date=local_time(Y, day, 1, 9, 0).date(),
                credited_minutes=180,
                hours=Decimal(3),
            )
        )
    db.session.flush()
    rebuild_totals()
    db.session.commit()
    account = make_account("mgr-a", Role.MANAGER, org["a"])
    login_as(account)
    return account


def test_a_workbook_above_the_limit_is_made_in_the_background(client, db, org, manager):
    # Month 0 is the export page's "whole year".
    response = client.post(f"/jobs/records/units/{org['a'].id}", data={"year": Y, "month": 0})

    job = db.session.scalars(select(Job)).one()
    assert response.headers["Location"].endswith(f"/jobs/{job.id}")
    assert (job.kind, job.owner_id, job.unit_id) == ("records.xlsx", manager.id, org["a"].id)
    state = client.get(f"/jobs/{job.id}.json").get_json()
    assert state["status"] == "done"
    assert (state["done"], state["total"]) == (DAYS, DAYS)
    assert state["filename"] == f"第一人民医院-{Y}-服务记录.xlsx"
    with client.get(state["file_url"]) as download:
        sheet = load_workbook(io.BytesIO(download.data)).active
        rows = [row for row in sheet.iter_rows(values_only=True) if row[0] == "张一"]
    assert len(rows) == DAYS
    assert sorted(row[5] for row in rows) == [f"义诊{day}" for day in range(1, DAYS + 1)]


def test_a_small_workbook_is_still_sent_at_once(client, db, org, manager):
    response = client.post(f"/jobs/records/units/{org['a'].id}", data={"year": Y, "month": 3})
    assert response.status_code == 302
    assert (
        f"/reports/units/{org['a'].id}/records.xlsx?year={Y}&month=3"
        in (response.headers["Location"])
    )
    assert db.session.scalars(select(Job)).all() == []


def test_a_month_too_big_for_one_sheet_is_refused(app, client, db, org, manager, monkeypatch):
    from volunteer.reports import sheets

    monkeypatch.setattr(sheets, "MAX_DATA_ROWS", 4)
    response = client.post(
        f"/jobs/records/units/{org['a'].id}",
        data={"year": Y},
        headers={"Referer": f"http://localhost/reports/units/{org['a'].id}"},
    )
    assert response.status_code == 302
    assert db.session.scalars(select(Job)).all() == []
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "超过一张 Excel 工作表的上限 4 条" in page


def test_another_hospital_s_manager_cannot_ask(app, org, make_account, manager):
    other = app.test_client()
    make_account("mgr-b", Role.MANAGER, org["b"])
    other.post("/login", data={"identifier": "mgr-b", "password": "correct-horse-9"})
    assert other.post(f"/jobs/records/units/{org['a'].id}", data={"year": Y}).status_code == 403


def test_a_failed_export_leaves_no_file(client, db, org, manager, monkeypatch):
    from volunteer.reports import exports

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(exports, "write_records_xlsx", broken)
    client.post(f"/jobs/records/units/{org['a'].id}", data={"year": Y})

    job = db.session.scalars(select(Job)).one()
    # The kind allows one retry; the second failure is final.
    assert job.status == JobStatus.QUEUED and job.attempts == 1
    from volunteer.jobs.runner import run_job

    assert run_job(job.id) == JobStatus.FAILED
    db.session.refresh(job)
    assert "OSError" in job.message and job.file_path is None


def test_the_export_page_offers_the_background_workbook(client, org, manager):
    page = client.get(f"/reports/units/{org['a'].id}?year={Y}").get_data(as_text=True)
    assert f'action="/jobs/records/units/{org["a"].id}"' in page
