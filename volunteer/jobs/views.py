"""A person's background jobs: the list, one job's page and progress, and its finished file."""

from __future__ import annotations

from flask import abort, jsonify, redirect, render_template, send_file, url_for
from flask_login import current_user, login_required

from volunteer.auth.models import Role
from volunteer.auth.permissions import require
from volunteer.core.edge import answers_json
from volunteer.extensions import db
from volunteer.jobs import kinds, services
from volunteer.jobs.access import visible_job
from volunteer.jobs.blueprint import bp
from volunteer.jobs.forms import RecordsExportForm
from volunteer.jobs.queries import (
    is_organisation_admin,
    job_state,
    latest_totals_check,
    visible_jobs,
)
from volunteer.units.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/jobs")
@login_required
def index():
    """List the viewer's jobs (an administrator's: every job of their units), newest first."""
    services.settle_stale_jobs()
    check = (
        db.session.scalars(latest_totals_check()).first()
        if is_organisation_admin(current_user)
        else None
    )
    jobs = db.session.scalars(visible_jobs(current_user)).all()
    return render_template("jobs/index.html", jobs=jobs, totals_check=check)


@bp.route("/jobs/<int:job_id>")
@login_required
def detail(job_id: int):
    """Show one job: its progress while it runs, its file once it is done, or why it failed."""
    job = visible_job(job_id)
    services.settle_if_stale(job)
    return render_template("jobs/detail.html", job=job, state=_state(job))


@bp.route("/jobs/<int:job_id>.json")
@login_required
@answers_json
def state_json(job_id: int):
    """Answer the job page's poll: status, progress, and the file's address once it is whole."""
    job = visible_job(job_id)
    services.settle_if_stale(job)
    return jsonify(_state(job))


def _state(job) -> dict:
    state = job_state(job)
    state["file_url"] = url_for("jobs.file", job_id=job.id) if job.has_file else None
    return state


@bp.route("/jobs/<int:job_id>/file")
@login_required
def file(job_id: int):
    """Hand over the job's file, only while it is the whole file the worker published."""
    job = visible_job(job_id)
    path = services.finished_file(job)
    if path is None:
        abort(404)
    mimetype = XLSX if (job.filename or "").endswith(".xlsx") else None
    response = send_file(
        path, mimetype=mimetype, as_attachment=True, download_name=job.filename or path.name
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/jobs/<int:job_id>/resubmit", methods=["POST"])
@login_required
def resubmit(job_id: int):
    """Queue a failed job again, as a new job."""
    job = services.resubmit(visible_job(job_id), by=current_user)
    return redirect(url_for("jobs.detail", job_id=job.id))


@bp.route("/jobs/records/units/<int:unit_id>", methods=["POST"])
@login_required
def records_export(unit_id: int):
    """Make a unit's records workbook in the background, or send a small one straight away."""
    unit = db.get_or_404(Unit, unit_id)
    require(Role.MANAGER, unit)
    form = RecordsExportForm()
    if not form.validate_on_submit():
        abort(400)
    year, month = form.year.data, form.month.data or None
    job = kinds.submit_records_export(unit, year=year, month=month, by=current_user)
    if job is None:
        return redirect(url_for("reports.records_xlsx", unit_id=unit.id, year=year, month=month))
    return redirect(url_for("jobs.detail", job_id=job.id))
