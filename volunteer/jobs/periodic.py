"""The worker's own periodic work: forgotten sign-outs, the nightly check, old job files.

Each function is one transaction the caller commits (tasks.py), the same services the
commands `close-forgotten-sign-outs` and `check-hours-totals` run.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from volunteer.clock import utc_now
from volunteer.extensions import db
from volunteer.jobs.models import Job, JobStatus
from volunteer.jobs.registry import LABELS
from volunteer.records.queries import totals_check
from volunteer.records.services import forgotten
from volunteer.texts import N_

# The kind of the nightly check's row: no function, the worker writes it whole.
TOTALS_CHECK = "check.totals"
LABELS[TOTALS_CHECK] = N_("夜间时长核对")
# How many differences the message lists; the command lists them all.
LISTED = 20


def close_forgotten_sign_outs() -> int:
    """Send sessions nobody signed out of to review with 0 h; return how many."""
    return forgotten.close_forgotten_sign_outs(by=None)


def check_kept_totals() -> Job:
    """Compare the kept totals and roster with a recount; keep the outcome as a finished job.

    A difference makes the job failed, so administrators see it at the top of their job list.
    """
    now = utc_now()
    kept = totals_check.check_kept()
    lines, found = kept.lines(limit=LISTED), kept.found
    if found:
        summary = _(
            "夜间核对发现 %(n)d 处时长汇总与服务记录不一致；"
            "请运行 flask --app volunteer check-hours-totals --fix 按服务记录重建。",
            n=found,
        )
        message = "\n".join([summary, *lines])
    else:
        message = _("夜间核对：时长汇总与服务记录一致。")
    job = Job(
        kind=TOTALS_CHECK,
        params={},
        owner_id=None,
        unit_id=None,
        status=JobStatus.FAILED if found else JobStatus.DONE,
        done=found,
        total=found,
        attempts=1,
        message=message,
        started_at=now,
        finished_at=utc_now(),
    )
    db.session.add(job)
    db.session.flush()
    return job


def clear_old_files() -> int:
    """Delete the files of jobs finished more than JOB_KEEP_DAYS ago; return how many."""
    before = utc_now() - timedelta(days=int(current_app.config.get("JOB_KEEP_DAYS") or 7))
    old = db.session.scalars(
        select(Job).where(
            Job.status == JobStatus.DONE, Job.file_path.is_not(None), Job.finished_at < before
        )
    )
    count = 0
    for job in list(old):
        Path(job.file_path or "").unlink(missing_ok=True)
        job.file_path = job.file_size = job.file_sha256 = None
        job.message = "\n".join(filter(None, [job.message, _("文件已过保留期，已删除。")]))
        count += 1
    db.session.flush()
    return count
