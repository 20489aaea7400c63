"""Which jobs a person sees: their own, and as an administrator every job of their units."""

from __future__ import annotations

from sqlalchemy import Select, and_, false, or_, select

from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import can, unit_scope_clause
from volunteer.jobs import beats
from volunteer.jobs.models import Job, JobStatus
from volunteer.jobs.periodic import TOTALS_CHECK
from volunteer.units.models import Unit
from volunteer.units.queries import organisation_root

# The list shows the newest jobs; older ones stay in the database until cleared.
LISTED = 100


def is_organisation_admin(viewer: Account) -> bool:
    """Say whether the viewer administers the whole organisation (sees the worker's own jobs)."""
    return can(viewer, Role.ADMIN, organisation_root())


def visible_jobs(viewer: Account) -> Select:
    """Select the jobs the viewer may see, newest first."""
    in_scope = Job.unit_id.in_(select(Unit.id).where(unit_scope_clause(viewer, Role.ADMIN)))
    system = and_(Job.owner_id.is_(None), Job.unit_id.is_(None))
    return (
        select(Job)
        .where(
            or_(
                Job.owner_id == viewer.id,
                in_scope,
                system if is_organisation_admin(viewer) else false(),
            )
        )
        .order_by(Job.created_at.desc(), Job.id.desc())
        .limit(LISTED)
    )


def latest_totals_check() -> Select:
    """Select the last nightly check of the kept totals."""
    return (
        select(Job)
        .where(Job.kind == TOTALS_CHECK, Job.status.in_([JobStatus.DONE, JobStatus.FAILED]))
        .order_by(Job.created_at.desc(), Job.id.desc())
        .limit(1)
    )


def job_state(job: Job) -> dict:
    """Return what the job page shows, with a running job's latest progress from the worker."""
    done, total = job.done, job.total
    if job.status == JobStatus.RUNNING:
        beat = beats.last(job.id)
        if beat is not None:
            done, total = beat.done, beat.total if beat.total is not None else total
    percent = job.percent if job.status != JobStatus.RUNNING or not total else done * 100 // total
    return {
        "id": job.id,
        "kind": job.kind,
        "status": job.status.value,
        "finished": job.status.finished,
        "done": done,
        "total": total,
        "percent": min(percent, 100) if percent is not None else None,
        "message": job.message,
        "filename": job.filename if job.has_file else None,
        "size": job.file_size if job.has_file else None,
    }
