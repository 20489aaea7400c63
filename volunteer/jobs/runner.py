"""Run one job in the worker: mark it running, call its kind, hand its file over whole.

The job's row changes three times, each committed on its own: running (with the attempt
counted), then done with the file's size and SHA-256, or failed with a message. The file is
published (handoff.publish) before the row says done, and deleted again if that commit fails.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from secrets import token_hex

from flask import Flask, current_app
from flask_babel import gettext as _

from volunteer.clock import utc_now
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.jobs import beats, handoff
from volunteer.jobs.models import Job, JobStatus
from volunteer.jobs.registry import Result, kind_named
from volunteer.jobs.storage import jobs_folder, stale_seconds

log = logging.getLogger(__name__)

# The page polls about once a second; more frequent writes would show nothing more.
PROGRESS_EVERY_SECONDS = 0.5


class RetryJob(Exception):
    """The job failed in a way worth another try; the worker runs it again later."""


def file_prefix(job_id: int) -> str:
    """Name the start of every file of a job in the jobs folder."""
    return f"job-{job_id}-"


class RunningJob:
    """The context a kind's function gets: progress, a closing note, a place to write."""

    def __init__(self, job: Job, folder: Path) -> None:
        self.job_id = job.id
        self.owner_id = job.owner_id
        self.unit_id = job.unit_id
        self.folder = folder
        self.done = 0
        self.total: int | None = None
        self.message: str | None = None
        self._sent_at = 0.0

    def __call__(self, done: int, total: int | None = None) -> None:
        """Report progress; sent to the page at most every PROGRESS_EVERY_SECONDS."""
        self.done = done
        if total is not None:
            self.total = total
        now = time.monotonic()
        if now - self._sent_at >= PROGRESS_EVERY_SECONDS:
            self._sent_at = now
            beats.send(self.job_id, self.done, self.total)

    def note(self, message: str) -> None:
        """Keep the job's closing message (what an import changed)."""
        self.message = message

    def scratch(self, suffix: str) -> Path:
        """Return a path for the kind to write to; deleted with the job's leftovers on failure."""
        return self.folder / f"{file_prefix(self.job_id)}scratch{suffix}{handoff.PART_SUFFIX}"

    def beat(self) -> None:
        """Say the job is alive, with the progress it last reported."""
        beats.send(self.job_id, self.done, self.total)


@contextmanager
def heartbeat(running: RunningJob) -> Iterator[None]:
    """Beat for the job from a thread while its kind works (a long query reports nothing)."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    stop = threading.Event()
    interval = max(0.2, stale_seconds() / 4)

    def beat() -> None:
        with app.app_context():
            while not stop.wait(interval):
                running.beat()

    thread = threading.Thread(target=beat, name=f"job-{running.job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def run_job(job_id: int) -> JobStatus | None:
    """Run the queued job `job_id` once; return its status, or None if it was not queued.

    Raises RetryJob when the kind allows another attempt after an unexpected error.
    """
    job = db.session.get(Job, job_id)
    if job is None or job.status != JobStatus.QUEUED:
        return None
    kind = kind_named(job.kind)
    if kind is None:
        return _finish_failed(job_id, _("未知的任务类型：%(kind)s。", kind=job.kind))
    job.status = JobStatus.RUNNING
    job.attempts += 1
    job.started_at = utc_now()
    job.done, job.message = 0, None
    attempts, params = job.attempts, dict(job.params or {})
    folder = jobs_folder()
    running = RunningJob(job, folder)
    db.session.commit()
    running.beat()
    try:
        with heartbeat(running):
            result = kind.run(params, running)
            # Still beating: publishing a large file takes a moment.
            published = _publish(job_id, running, result)
    except DomainError as refusal:
        db.session.rollback()
        return _finish_failed(job_id, refusal.message)
    except Exception as error:
        db.session.rollback()
        log.exception("job %s (%s) failed", job_id, kind.name)
        if attempts <= kind.retries:
            _requeue(job_id, _("第 %(n)d 次运行出错，稍后自动重试。", n=attempts))
            raise RetryJob(str(error)) from error
        return _finish_failed(
            job_id,
            _(
                "后台任务出错（%(error)s），未生成文件；请重新提交，仍然失败请联系管理员。",
                error=type(error).__name__,
            ),
        )
    return _finish_done(job_id, running, result, published)


def _publish(job_id: int, running: RunningJob, result: Result) -> handoff.FinishedFile | None:
    """Move the kind's file into place under a name nobody can guess, or None (no file)."""
    if result is None:
        return None
    filename, content = result
    final = running.folder / f"{file_prefix(job_id)}{token_hex(8)}{Path(filename).suffix}"
    return handoff.publish(content, final)


def _finish_done(
    job_id: int, running: RunningJob, result: Result, published: handoff.FinishedFile | None
) -> JobStatus:
    job = db.session.get(Job, job_id)
    assert job is not None
    job.status = JobStatus.DONE
    job.finished_at = utc_now()
    job.total = running.total if running.total is not None else running.done
    job.done = job.total or running.done
    job.message = running.message
    if published is not None and result is not None:
        job.filename = result[0]
        job.file_path = str(published.path)
        job.file_size = published.size
        job.file_sha256 = published.sha256
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()
        if published is not None:
            published.path.unlink(missing_ok=True)
        raise
    handoff.remove_leftovers(running.folder, f"{file_prefix(job_id)}scratch")
    beats.forget(job_id)
    return JobStatus.DONE


def _finish_failed(job_id: int, message: str) -> JobStatus:
    job = db.session.get(Job, job_id)
    assert job is not None
    mark_failed(job, message)
    db.session.commit()
    beats.forget(job_id)
    return JobStatus.FAILED


def mark_failed(job: Job, message: str) -> None:
    """Mark the job failed and delete whatever it had written: no part of it is ever offered."""
    job.status = JobStatus.FAILED
    job.finished_at = utc_now()
    job.message = message
    job.file_path = job.file_size = job.file_sha256 = None
    handoff.remove_leftovers(jobs_folder(), file_prefix(job.id))


def _requeue(job_id: int, message: str) -> None:
    job = db.session.get(Job, job_id)
    assert job is not None
    job.status = JobStatus.QUEUED
    job.message = message
    handoff.remove_leftovers(jobs_folder(), file_prefix(job_id))
    db.session.commit()
