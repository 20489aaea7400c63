"""The worker's periodic work: forgotten sign-outs every 15 minutes, the nightly totals check."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import local_time
from flask import current_app
from sqlalchemy import select

from volunteer.auth.models import Role
from volunteer.jobs.models import Job, JobStatus
from volunteer.records.models import (
    PersonYearHours,
    RecordSource,
    RecordStatus,
    ReviewReason,
    ServiceRecord,
)
from volunteer.records.services import sessions


def due(moment_utc: datetime) -> set[str]:
    """Name the periodic tasks the worker starts at a (naive UTC) minute."""
    huey = current_app.extensions["jobs"].huey
    return {task.name for task in huey.read_periodic(moment_utc)}


def run_periodic(name: str, at: datetime | None = None) -> None:
    """Run one periodic task as the worker would: its own app context, committed."""
    huey = current_app.extensions["jobs"].huey
    (task,) = [task for task in huey.read_periodic(at or NIGHT) if task.name == name]
    huey.execute(task)


# 03:00 in Shanghai (the default TOTALS_CHECK_HOUR) is 19:00 UTC the day before.
NIGHT = datetime(2026, 12, 1, 19, 0)


def test_the_worker_schedules_sign_outs_every_quarter_hour_and_the_check_nightly(app):
    assert due(NIGHT) == {
        "volunteer.jobs.close_forgotten",
        "volunteer.jobs.nightly",
        "volunteer.jobs.settle_stale",
    }
    assert due(datetime(2026, 12, 2, 5, 15)) == {
        "volunteer.jobs.close_forgotten",
        "volunteer.jobs.settle_stale",
    }
    assert due(datetime(2026, 12, 2, 5, 16)) == {"volunteer.jobs.settle_stale"}
    assert due(datetime(2026, 12, 1, 19, 30)) == {
        "volunteer.jobs.close_forgotten",
        "volunteer.jobs.clear_old_files",
        "volunteer.jobs.settle_stale",
    }


def test_the_quarter_hour_sweep_sends_forgotten_sign_outs_to_review(
    db, org, make_volunteer, make_activity
):
    volunteer = make_volunteer(org["a1"], "张三")
    past = make_activity(org["a"], "早班导诊", starts_at=local_time(2026, 3, 1, 8, 0), hours=2)
    sessions.record_sign_in(
        account=volunteer, activity=past, source=RecordSource.SELF_SCAN, at=past.starts_at
    )
    db.session.commit()

    run_periodic("volunteer.jobs.close_forgotten")

    db.session.expire_all()
    (record,) = db.session.scalars(select(ServiceRecord)).all()
    assert record.status == RecordStatus.NEEDS_REVIEW
    assert record.review_reason == ReviewReason.FORGOTTEN_SIGN_OUT


@pytest.fixture
def admins(org, make_account):
    return {
        "admin": make_account("admin", Role.ADMIN, org["root"]),
        "manager": make_account("manager", Role.MANAGER, org["root"]),
    }


def test_the_nightly_check_shows_an_injected_difference_to_administrators(
    app, db, org, make_volunteer, admins
):
    volunteer = make_volunteer(org["a1"], "王小明")
    # Hours kept for a year with no record behind them: what a lost update would leave.
    db.session.add(PersonYearHours(account_id=volunteer.id, year=2026, approved_hours=Decimal(5)))
    db.session.commit()

    run_periodic("volunteer.jobs.nightly")

    check = db.session.scalars(select(Job).where(Job.kind == "check.totals")).one()
    assert check.status == JobStatus.FAILED
    assert f"账号 {volunteer.id}，2026 年，approved_hours：记录为 5" in check.message
    admin = app.test_client()
    admin.post("/login", data={"identifier": "admin", "password": "correct-horse-9"})
    page = admin.get("/jobs").get_data(as_text=True)
    assert "时长汇总与服务记录不一致" in page
    assert f"账号 {volunteer.id}，2026 年" in page
    manager = app.test_client()
    manager.post("/login", data={"identifier": "manager", "password": "correct-horse-9"})
    assert "时长汇总与服务记录不一致" not in manager.get("/jobs").get_data(as_text=True)


def test_the_nightly_check_shows_a_kept_breakdown_row_without_records_behind_it(
    app, db, org, make_volunteer, admins
):
    from volunteer.progress.models import UnitYearBreakdown

    make_volunteer(org["a1"], "王小明")
    db.session.add(
        UnitYearBreakdown(
            unit_id=org["a1"].id, year=2026, party=False, dimension="all", key_id=0, hours=3
        )
    )
    db.session.commit()

    run_periodic("volunteer.jobs.nightly")

    check = db.session.scalars(select(Job).where(Job.kind == "check.totals")).one()
    assert check.status == JobStatus.FAILED
    assert f"分类汇总 单位 {org['a1'].id}，2026 年，all=0 party=0，hours：记录为 3" in check.message


def test_a_clean_nightly_check_says_so(app, db, org, make_volunteer, admins):
    make_volunteer(org["a1"], "王小明")

    run_periodic("volunteer.jobs.nightly")

    check = db.session.scalars(select(Job).where(Job.kind == "check.totals")).one()
    assert check.status == JobStatus.DONE
    admin = app.test_client()
    admin.post("/login", data={"identifier": "admin", "password": "correct-horse-9"})
    page = admin.get("/jobs").get_data(as_text=True)
    assert "时长汇总与服务记录一致" in page
    assert "不一致" not in page


@pytest.mark.app_config(JOB_KEEP_DAYS=7)
def test_files_of_jobs_finished_a_week_ago_are_deleted(db, org, make_account):
    from datetime import timedelta

    from volunteer.clock import utc_now
    from volunteer.jobs import handoff
    from volunteer.jobs.storage import jobs_folder

    owner = make_account("exporter", Role.MANAGER, org["a"])
    jobs = {}
    for name, age in (("old", 8), ("new", 6)):
        job = Job(kind="records.xlsx", params={}, owner_id=owner.id, status=JobStatus.DONE)
        db.session.add(job)
        db.session.flush()
        published = handoff.publish(b"rows", jobs_folder() / f"job-{job.id}-{name}.xlsx")
        job.file_path, job.file_size = str(published.path), published.size
        job.file_sha256, job.finished_at = published.sha256, utc_now() - timedelta(days=age)
        jobs[name] = job
    db.session.commit()
    paths = {name: job.file_path for name, job in jobs.items()}

    run_periodic("volunteer.jobs.clear_old_files", at=datetime(2026, 12, 1, 19, 30))

    db.session.expire_all()
    assert jobs["old"].file_path is None and "已过保留期" in jobs["old"].message
    assert not Path(paths["old"]).exists()
    assert jobs["new"].file_path == paths["new"] and Path(paths["new"]).exists()
