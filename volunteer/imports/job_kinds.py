"""Apply a large upload in the background: above IMPORT_JOB_ROWS rows (3,000) the worker does.

The preview has already been shown from the same kept rows; the worker plans them again
against the database as it is then (as the synchronous apply does) and writes them.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _

from volunteer.auth.models import Account
from volunteer.errors import Conflict, DomainError
from volunteer.extensions import db
from volunteer.imports import services
from volunteer.imports.models import ImportBatch
from volunteer.imports.plan import Outcome
from volunteer.imports.queries import batch_by_token
from volunteer.imports.tabular import ImportRejected
from volunteer.jobs import services as jobs
from volunteer.jobs.models import Job
from volunteer.jobs.registry import JobContext, Result, task_kind
from volunteer.texts import N_

APPLY = "imports.apply"
# How many refused rows the job's message lists; the preview page lists them all.
LISTED = 20


def submit_apply_if_large(batch: ImportBatch, *, by: Account) -> Job | None:
    """Queue the apply of a large upload and return the job; None: apply it now."""
    if batch.applied_at is not None:
        raise Conflict(_("该文件已经导入过，不能重复导入。"))
    rows = len(services.kept_rows(batch).rows)
    if rows <= current_app.config["IMPORT_JOB_ROWS"]:
        return None
    params = {"token": batch.token, "rows": rows}
    return jobs.submit(APPLY, params, by=by, unit_id=batch.scope_unit_id)


def summary_text(summary: dict[str, int]) -> str:
    """Say what an import changed: 新增 120，更新 3 (as the synchronous apply flashes it)."""
    counts = _("，").join(
        _("%(label)s %(n)d", label=_(Outcome(k).label), n=n) for k, n in summary.items() if n
    )
    return _("导入完成：%(counts)s。", counts=counts or _("没有变化"))


def rejection_text(rejected: ImportRejected) -> str:
    """Say why the rows were refused, row by row (the first LISTED), as the preview lists them."""
    lines = [
        _(
            "第 %(row)d 行 %(column)s：%(reason)s",
            row=error.row,
            column=error.column,
            reason=error.worded(_(error.reason)),
        )
        for error in rejected.errors[:LISTED]
    ]
    return "\n".join([_(ImportRejected.MESSAGE, n=len(rejected.errors)), *lines])


@task_kind(APPLY, label=N_("导入"))
def apply_upload(params: dict[str, Any], job: JobContext) -> Result:
    """Plan and write a kept upload for its uploader, reporting rows planned, then written."""
    batch = batch_by_token(params["token"])
    owner = db.session.get(Account, job.owner_id) if job.owner_id else None
    if batch is None or owner is None:
        raise DomainError(_("导入文件已不存在，请重新上传。"))
    table = services.kept_rows(batch)
    total = 2 * len(table.rows)
    done = 0

    def advance(rows: int) -> None:
        nonlocal done
        done = min(total, done + rows)
        job(done, total)

    job(0, total)
    scope = services.import_scope(owner, batch.kind)
    try:
        plan = services.plan_import(batch.kind, table, scope=scope, progress=advance)
    except ImportRejected as rejected:
        raise DomainError(rejection_text(rejected), code="import_rejected") from rejected
    done = len(table.rows)
    summary = services.apply_import(batch=batch, plan=plan, actor=owner, progress=advance)
    job(total, total)
    job.note(summary_text(summary))
    return None
