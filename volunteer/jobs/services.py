"""Submit jobs, and settle the ones whose worker died while running them."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from flask_babel import gettext as _

from volunteer.audit.services import record_change
from volunteer.auth.models import Account
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.jobs import beats, handoff
from volunteer.jobs.models import Job, JobStatus
from volunteer.jobs.registry import kind_named
from volunteer.jobs.runner import file_prefix, mark_failed
from volunteer.jobs.storage import jobs_folder, stale_seconds

# Jobs added in this transaction, handed to the queue once it commits (tasks.install).
SUBMITTED_KEY = "jobs.submitted"


def submit(kind: str, params: dict[str, Any], *, by: Account, unit_id: int | None) -> Job:
    """Queue a job of `kind` for `by`; the worker starts it once the caller commits.

    `params` must be plain JSON values. `unit_id` is the unit the job's output belongs to,
    so administrators of that unit see it too.
    """
    if kind_named(kind) is None:
        raise DomainError(_("未知的任务类型：%(kind)s。", kind=kind), code="unknown_job_kind")
    job = Job(kind=kind, params=params, owner_id=by.id, unit_id=unit_id)
    db.session.add(job)
    db.session.flush()
    record_change(
        action="job.submit",
        subject_type="job",
        subject_id=job.id,
        unit_id=unit_id,
        after={"kind": kind, "params": params},
        actor_id=by.id,
    )
    _hand_to_queue(job)
    return job


def _hand_to_queue(job: Job) -> None:
    db.session.info.setdefault(SUBMITTED_KEY, []).append(job.id)


def settle_if_stale(job: Job, *, now: float | None = None) -> bool:
    """Settle a running job whose worker stopped beating: run it again if its kind allows,
    else mark it failed (its half-written file deleted). Return whether it was stale."""
    if job.status != JobStatus.RUNNING:
        return False
    now = time.time() if now is None else now
    beat = beats.last(job.id)
    seen = beat.at if beat else (job.started_at.timestamp() if job.started_at else now)
    if now - seen <= stale_seconds():
        return False
    kind = kind_named(job.kind)
    if kind is not None and job.attempts <= kind.retries:
        job.status = JobStatus.QUEUED
        job.message = _("运行中断，已重新排队。")
        handoff.remove_leftovers(jobs_folder(), file_prefix(job.id))
        _hand_to_queue(job)
    else:
        mark_failed(
            job,
            _(
                "后台任务在运行中意外中断（工作进程已停止），没有生成完整的文件，"
                "已生成的部分已删除。请重新提交。"
            ),
        )
    beats.forget(job.id)
    db.session.flush()
    return True


def settle_stale_jobs() -> int:
    """Settle every running job whose worker stopped; return how many there were."""
    running = db.session.scalars(db.select(Job).where(Job.status == JobStatus.RUNNING))
    return sum(settle_if_stale(job) for job in list(running))


def resubmit(job: Job, *, by: Account) -> Job:
    """Queue a failed job again as a new one, with the same kind, parameters and unit."""
    if job.status != JobStatus.FAILED:
        raise DomainError(_("只有失败的任务可以重新提交。"), code="not_failed")
    return submit(job.kind, dict(job.params or {}), by=by, unit_id=job.unit_id)


def finished_file(job: Job) -> Path | None:
    """Return the job's file if it is done and the file is still the one published, whole."""
    if not job.has_file or job.file_size is None or job.file_sha256 is None:
        return None
    path = Path(job.file_path or "")
    if not handoff.still_whole(path, job.file_size, job.file_sha256):
        return None
    return path
