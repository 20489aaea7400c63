"""May this viewer see this job: the owner, or an administrator of the job's unit."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from volunteer.auth.models import Role
from volunteer.auth.permissions import can
from volunteer.extensions import db
from volunteer.jobs.models import Job
from volunteer.jobs.queries import is_organisation_admin
from volunteer.units.models import Unit


def may_see(job: Job) -> bool:
    """Say whether the current user may see `job` and take its file."""
    if job.owner_id is not None and job.owner_id == current_user.id:
        return True
    if job.unit_id is not None:
        return can(current_user, Role.ADMIN, db.session.get(Unit, job.unit_id))
    return job.owner_id is None and is_organisation_admin(current_user)


def visible_job(job_id: int) -> Job:
    """Return the job, or abort with 404 (no such job) or 403 (someone else's)."""
    job = db.get_or_404(Job, job_id)
    if not may_see(job):
        abort(403)
    return job
