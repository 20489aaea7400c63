"""A large staff upload is applied by the worker; its job page says what it changed."""

from __future__ import annotations

import io
import re

import pytest
from import_files import csv_bytes
from sqlalchemy import func, select

from volunteer.auth.models import Role
from volunteer.imports.models import ImportBatch
from volunteer.jobs.models import Job, JobStatus
from volunteer.people.models import StaffMember

pytestmark = pytest.mark.app_config(HUEY_IMMEDIATE=True, IMPORT_JOB_ROWS=3)

ROWS = [[f"职工{n}", f"00{n:04d}", "H-A-01", "", "男", "", "", "", "在职"] for n in range(1, 6)]


@pytest.fixture
def manager(org, make_account, login_as):
    account = make_account("manager-a", Role.MANAGER, org["a"])
    login_as(account)
    return account


def upload(client, data: bytes) -> str:
    response = client.post(
        "/imports",
        data={"kind": "staff", "file": (io.BytesIO(data), "roster.csv")},
        content_type="multipart/form-data",
    )
    return re.search(r"/imports/([\w-]+)$", response.headers["Location"]).group(1)


def staff_count(db) -> int:
    return db.session.scalar(select(func.count(StaffMember.id)))


def test_a_large_upload_is_applied_in_the_background(client, db, org, manager):
    token = upload(client, csv_bytes(ROWS))

    response = client.post(f"/imports/{token}/apply")

    job = db.session.scalars(select(Job)).one()
    assert response.headers["Location"].endswith(f"/jobs/{job.id}")
    assert (job.kind, job.owner_id, job.unit_id) == ("imports.apply", manager.id, org["a"].id)
    state = client.get(f"/jobs/{job.id}.json").get_json()
    assert state["status"] == "done" and state["percent"] == 100
    assert state["message"] == "导入完成：新增 5。"
    assert state["file_url"] is None
    assert staff_count(db) == 5
    batch = db.session.scalars(select(ImportBatch)).one()
    assert batch.applied_at is not None and batch.summary["new"] == 5


def test_a_small_upload_is_still_applied_at_once(client, db, org, manager):
    token = upload(client, csv_bytes(ROWS[:3]))

    response = client.post(f"/imports/{token}/apply")

    assert response.headers["Location"].endswith(f"/imports/{token}")
    assert db.session.scalars(select(Job)).all() == []
    assert staff_count(db) == 3


def test_a_large_upload_that_no_longer_fits_fails_with_the_reason(client, db, org, manager):
    token = upload(client, csv_bytes(ROWS))
    # Between the preview and the worker's turn, one 工号 of the file joins another hospital.
    db.session.execute(
        StaffMember.__table__.insert().values(
            unit_id=org["b1"].id, name="别人", staff_no="000001", phone="13900000000"
        )
    )
    db.session.commit()

    client.post(f"/imports/{token}/apply")

    job = db.session.scalars(select(Job)).one()
    assert job.status == JobStatus.FAILED
    first, *rows = job.message.splitlines()
    assert first == "文件有 1 处错误，未导入任何数据。"
    assert rows[0].startswith("第 2 行 工号：")
    assert job.file_path is None
    assert staff_count(db) == 1
