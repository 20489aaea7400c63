"""The real worker: `flask --app volunteer worker` as a subprocess on a real SqliteHuey.

One job runs to the end while the page's JSON shows its progress; another is killed with
SIGKILL half-way, and its half-written file is never offered.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import job_kinds_for_tests  # noqa: F401  (registers the test.* kinds in this process too)
import pytest

from volunteer.auth.models import Role
from volunteer.extensions import db as _db
from volunteer.jobs import services
from volunteer.jobs.models import Job
from volunteer.jobs.storage import jobs_folder

TESTS = Path(__file__).resolve().parent
STALE_SECONDS = 2

pytestmark = pytest.mark.app_config(JOB_STALE_SECONDS=STALE_SECONDS)


@pytest.fixture
def worker(app, tmp_path) -> Iterator[subprocess.Popen]:
    """Start the worker on the test's database and queue; kill it at the end if still alive."""
    env = {
        **os.environ,
        "VOLUNTEER_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "VOLUNTEER_HUEY_URL": app.config["HUEY_URL"],
        "VOLUNTEER_HUEY_NAME": app.config.get("HUEY_NAME") or "volunteer",
        "VOLUNTEER_JOBS_FOLDER": app.config["JOBS_FOLDER"],
        "VOLUNTEER_SECRET_KEY": secrets.token_hex(32),
        "VOLUNTEER_JOB_KIND_MODULES": json.dumps(["job_kinds_for_tests"]),
        "VOLUNTEER_JOB_STALE_SECONDS": str(STALE_SECONDS),
        "VOLUNTEER_INSTANCE_PATH": str(tmp_path),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")])),
    }
    flask = Path(sys.executable).with_name("flask")
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [str(flask), "--app", "volunteer", "worker", "--workers", "1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


@pytest.fixture
def owner(org, make_account):
    return make_account("exporter", Role.MANAGER, org["a"])


def poll(client, job_id: int, until, timeout: float = 30) -> list[dict]:
    """Read the job page's JSON every 0.1 s until `until(state)`; return every state seen."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = client.get(f"/jobs/{job_id}.json").get_json()
        seen.append(state)
        if until(state):
            return seen
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} never got there; last state {seen[-1] if seen else None}")


def test_the_worker_runs_a_job_with_progress_and_hands_over_its_file(
    worker, client, login_as, owner, org
):
    job = services.submit("test.count", {"steps": 30, "pause": 0.1}, by=owner, unit_id=org["a"].id)
    _db.session.commit()
    login_as(owner)

    seen = poll(client, job.id, lambda state: state["finished"])

    final = seen[-1]
    assert final["status"] == "done", final
    assert any(state["status"] == "running" and 0 < state["done"] < 30 for state in seen)
    with client.get(final["file_url"]) as download:
        assert download.data == "".join(f"{n}\n" for n in range(1, 31)).encode()


def test_a_job_killed_half_way_leaves_no_file_offered_and_says_why(
    worker, client, login_as, owner, org
):
    job = services.submit(
        "test.count_to_file", {"steps": 400, "pause": 0.05}, by=owner, unit_id=org["a"].id
    )
    _db.session.commit()
    login_as(owner)
    poll(client, job.id, lambda state: state["status"] == "running" and state["done"] >= 10)

    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    half = list(jobs_folder().glob(f"job-{job.id}-*"))
    assert half and all(path.name.endswith(".part") for path in half)
    # While its last heartbeat is fresh the job still reads as running, with no file.
    state = client.get(f"/jobs/{job.id}.json").get_json()
    assert state["file_url"] is None
    time.sleep(STALE_SECONDS + 0.5)

    state = client.get(f"/jobs/{job.id}.json").get_json()
    assert state["status"] == "failed"
    assert "意外中断" in state["message"] and "请重新提交" in state["message"]
    assert state["file_url"] is None
    assert client.get(f"/jobs/{job.id}/file").status_code == 404
    assert not list(jobs_folder().glob(f"job-{job.id}-*"))
    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "意外中断" in page
    assert '<p class="job-file" hidden>' in page
    assert _db.session.get(Job, job.id).file_path is None


REDIS_URL = os.environ.get("VOLUNTEER_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _redis_up() -> bool:
    from redis import Redis

    try:
        return bool(Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:  # refused, timed out, or not a Redis
        return False


@pytest.mark.app_config(
    JOB_STALE_SECONDS=STALE_SECONDS,
    HUEY_URL=REDIS_URL,
    # A queue of this run's own, so no other process takes its jobs.
    HUEY_NAME=f"volunteer-test-{secrets.token_hex(6)}",
)
def test_the_worker_runs_a_job_from_a_redis_queue(client, login_as, owner, org, request):
    if not _redis_up():
        pytest.skip(f"no Redis at {REDIS_URL} (CI starts one)")
    worker = request.getfixturevalue("worker")
    job = services.submit("test.count", {"steps": 5, "pause": 0.1}, by=owner, unit_id=org["a"].id)
    _db.session.commit()
    login_as(owner)

    seen = poll(client, job.id, lambda state: state["finished"])

    assert seen[-1]["status"] == "done", seen[-1]
    with client.get(seen[-1]["file_url"]) as download:
        assert download.data == b"1\n2\n3\n4\n5\n"
    assert worker.poll() is None
