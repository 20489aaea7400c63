"""Background jobs: submitted, run, their progress on the page, their file handed over whole."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import job_kinds_for_tests  # noqa: F401  (registers the test.* kinds)
import pytest
from sqlalchemy import select

from volunteer.auth.models import Role
from volunteer.extensions import db as _db
from volunteer.jobs import beats, services
from volunteer.jobs.models import Job, JobStatus
from volunteer.jobs.storage import jobs_folder

immediate = pytest.mark.app_config(HUEY_IMMEDIATE=True)


@pytest.fixture
def people(org, make_account, make_volunteer):
    return {
        "volunteer": make_volunteer(org["a1"], "王小明"),
        "other_volunteer": make_volunteer(org["b1"], "李小红"),
        "unit_admin": make_account("admin-a", Role.ADMIN, org["a"]),
        "other_admin": make_account("admin-b", Role.ADMIN, org["b"]),
        "admin": make_account("admin", Role.ADMIN, org["root"]),
    }


def submit(kind, params, account, unit) -> Job:
    job = services.submit(kind, params, by=account, unit_id=unit.id)
    _db.session.commit()
    return _db.session.get(Job, job.id)


@immediate
def test_done_job_hands_over_its_whole_file(client, login_as, people, org):
    job = submit("test.count", {"steps": 5}, people["volunteer"], org["a1"])
    login_as(people["volunteer"])

    state = client.get(f"/jobs/{job.id}.json").get_json()
    assert state["status"] == "done"
    assert (state["done"], state["total"], state["percent"]) == (5, 5, 100)
    assert state["message"] == "counted 5"
    assert state["file_url"] == f"/jobs/{job.id}/file"
    with client.get(state["file_url"]) as download:
        assert download.status_code == 200
        assert download.data == b"1\n2\n3\n4\n5\n"
        assert "count.txt" in download.headers["Content-Disposition"]
    _db.session.refresh(job)
    assert job.file_sha256 == hashlib.sha256(download.data).hexdigest()
    assert job.file_size == len(download.data)
    assert "count.txt" in client.get(f"/jobs/{job.id}").get_data(as_text=True)


@immediate
def test_a_file_changed_after_the_job_is_never_handed_over(client, login_as, people, org):
    job = submit("test.count", {"steps": 3}, people["volunteer"], org["a1"])
    Path(job.file_path).write_bytes(b"1\n2\n")  # cut short, as a full disk would leave it
    login_as(people["volunteer"])

    assert client.get(f"/jobs/{job.id}/file").status_code == 404


@immediate
def test_a_job_written_to_a_scratch_file_leaves_only_the_finished_file(people, org):
    job = submit("test.count_to_file", {"steps": 4}, people["volunteer"], org["a1"])

    assert job.status == JobStatus.DONE
    assert sorted(path.name for path in jobs_folder().iterdir()) == [Path(job.file_path).name]
    assert Path(job.file_path).read_text() == "1\n2\n3\n4\n"


@immediate
def test_a_refused_job_fails_with_the_rule_s_message_and_no_file(client, login_as, people, org):
    job = submit("test.refuse", {}, people["volunteer"], org["a1"])
    login_as(people["volunteer"])

    state = client.get(f"/jobs/{job.id}.json").get_json()
    assert state["status"] == "failed"
    assert state["message"] == "没有可导出的记录。"
    assert state["file_url"] is None
    assert client.get(f"/jobs/{job.id}/file").status_code == 404
    assert "重新提交" in client.get(f"/jobs/{job.id}").get_data(as_text=True)


@immediate
def test_a_crash_is_retried_then_fails_with_a_clear_message(people, org):
    job = submit("test.crash", {}, people["volunteer"], org["a1"])

    # Immediate mode schedules the retry (it never runs here): the job waits, queued again.
    assert job.status == JobStatus.QUEUED
    assert job.attempts == 1
    assert "重试" in job.message
    from volunteer.jobs.runner import run_job

    assert run_job(job.id) == JobStatus.FAILED
    _db.session.refresh(job)
    assert job.attempts == 2
    assert "RuntimeError" in job.message and "未生成文件" in job.message


def test_a_running_job_s_progress_shows_in_the_page_json(client, login_as, people, org):
    job = submit("test.count", {"steps": 10}, people["volunteer"], org["a1"])
    assert job.status == JobStatus.QUEUED  # no worker runs in this test
    job.status, job.attempts = JobStatus.RUNNING, 1
    _db.session.commit()
    beats.send(job.id, 3, 10)
    login_as(people["volunteer"])

    state = client.get(f"/jobs/{job.id}.json").get_json()
    assert (state["status"], state["done"], state["total"], state["percent"]) == (
        "running",
        3,
        10,
        30,
    )
    assert state["file_url"] is None


@pytest.mark.app_config(JOB_STALE_SECONDS=1)
def test_a_running_job_whose_worker_died_is_failed_on_page_load(client, login_as, people, org):
    job = submit("test.count_to_file", {"steps": 10}, people["volunteer"], org["a1"])
    job.status, job.attempts = JobStatus.RUNNING, 1
    _db.session.commit()
    half = jobs_folder() / f"job-{job.id}-scratch.txt.part"
    half.write_text("1\n2\n")
    beats.send(job.id, 2, 10)
    time.sleep(1.2)
    login_as(people["volunteer"])

    state = client.get(f"/jobs/{job.id}.json").get_json()
    assert state["status"] == "failed"
    assert "意外中断" in state["message"]
    assert state["file_url"] is None
    assert not half.exists()


@pytest.mark.app_config(JOB_STALE_SECONDS=1)
def test_a_dead_job_whose_kind_allows_a_retry_is_queued_again(people, org):
    job = submit("test.crash", {}, people["volunteer"], org["a1"])
    job.status, job.attempts = JobStatus.RUNNING, 1
    _db.session.commit()
    beats.send(job.id, 0, None)
    time.sleep(1.2)

    assert services.settle_stale_jobs() == 1
    _db.session.commit()
    assert job.status == JobStatus.QUEUED
    assert "重新排队" in job.message


def test_an_unknown_kind_is_refused(people):
    from volunteer.errors import DomainError

    with pytest.raises(DomainError):
        services.submit("no.such.kind", {}, by=people["volunteer"], unit_id=None)


@immediate
def test_a_person_sees_only_their_own_jobs(client, login_as, people, org):
    mine = submit("test.count", {"steps": 1}, people["volunteer"], org["a1"])
    theirs = submit("test.count", {"steps": 1}, people["other_volunteer"], org["b1"])
    login_as(people["volunteer"])

    listed = client.get("/jobs").get_data(as_text=True)
    assert f"/jobs/{mine.id}" in listed
    assert f"/jobs/{theirs.id}" not in listed
    for url in (f"/jobs/{theirs.id}", f"/jobs/{theirs.id}.json", f"/jobs/{theirs.id}/file"):
        assert client.get(url).status_code == 403


@immediate
@pytest.mark.parametrize(
    ("viewer", "sees_a", "sees_b"),
    [("unit_admin", True, False), ("other_admin", False, True), ("admin", True, True)],
)
def test_an_administrator_sees_every_job_in_scope(
    app, login_as, people, org, viewer, sees_a, sees_b
):
    in_a = submit("test.count", {"steps": 1}, people["volunteer"], org["a1"])
    in_b = submit("test.count", {"steps": 1}, people["other_volunteer"], org["b1"])
    client = app.test_client()
    login = {"identifier": people[viewer].username, "password": "correct-horse-9"}
    client.post("/login", data=login)

    listed = client.get("/jobs").get_data(as_text=True)
    for job, sees in ((in_a, sees_a), (in_b, sees_b)):
        assert (f"/jobs/{job.id}" in listed) is sees
        with client.get(f"/jobs/{job.id}/file") as download:
            assert download.status_code == (200 if sees else 403)


def test_submitting_is_audited(people, org):
    from volunteer.audit.models import AuditEntry

    job = submit("test.count", {"steps": 2}, people["volunteer"], org["a1"])
    entry = _db.session.scalars(select(AuditEntry).where(AuditEntry.action == "job.submit")).one()
    assert (entry.subject_id, entry.actor_id, entry.unit_id) == (
        job.id,
        people["volunteer"].id,
        org["a1"].id,
    )


def test_the_queue_is_sqlite_in_the_instance_unless_a_redis_is_named(tmp_path):
    from huey import RedisHuey, SqliteHuey

    from volunteer.jobs.storage import build_huey

    default = build_huey({}, str(tmp_path))
    assert isinstance(default, SqliteHuey)
    assert default.storage.filename == str(tmp_path / "huey.db")
    redis = build_huey({"REDIS_URL": "redis://127.0.0.1:6379/0"}, str(tmp_path))
    assert isinstance(redis, RedisHuey)
    named = build_huey(
        {"REDIS_URL": "redis://127.0.0.1:6379/0", "HUEY_URL": f"sqlite:///{tmp_path}/q.db"},
        str(tmp_path),
    )
    assert isinstance(named, SqliteHuey) and named.storage.filename == f"{tmp_path}/q.db"
