"""Upload a unit tree or a staff roster, preview what it would change, then apply it once."""

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from volunteer.auth.models import Role
from volunteer.auth.permissions import can, has_role, role_required
from volunteer.core.edge import refusal_flashed
from volunteer.extensions import db
from volunteer.imports import services
from volunteer.imports.blueprint import bp
from volunteer.imports.forms import ApplyForm, UploadForm
from volunteer.imports.job_kinds import submit_apply_if_large
from volunteer.imports.models import ImportBatch
from volunteer.imports.plan import Outcome
from volunteer.imports.queries import batch_by_token, recent_uploads
from volunteer.imports.tabular import ImportRejected
from volunteer.imports.template_file import template_workbook
from volunteer.units.import_columns import KIND_WORDS
from volunteer.units.models import Unit

# The preview lists this many changed rows; the counts always cover the whole file.
PREVIEW_ROWS = 300
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload_page(form: UploadForm, status: int = 200, rejected: ImportRejected | None = None):
    uploads = db.session.scalars(recent_uploads(current_user)).all()
    return render_template(
        "imports/index.html",
        form=form,
        uploads=uploads,
        files={kind: columns for kind, (columns, _role) in services.TEMPLATES.items()},
        kind_words=KIND_WORDS,
        errors=rejected.errors if rejected else [],
        header=rejected.header if rejected else None,
    ), status


@bp.get("/imports")
@role_required(Role.MANAGER)
def index():
    """Show the upload form and the user's recent uploads."""
    form = UploadForm()
    form.offer_units(has_role(current_user, Role.ADMIN))
    return _upload_page(form)


@bp.post("/imports")
@role_required(Role.MANAGER)
def upload():
    """Keep the uploaded file and show its preview."""
    kind = request.form.get("kind", services.STAFF)
    if kind in services.ROLE_FOR_KIND and not has_role(current_user, services.ROLE_FOR_KIND[kind]):
        abort(403)
    form = UploadForm()
    form.offer_units(has_role(current_user, Role.ADMIN))
    if not form.validate_on_submit():
        return _upload_page(form, 400)
    file = form.file.data
    with refusal_flashed():
        try:
            batch = services.store_upload(
                kind=form.kind.data,
                filename=file.filename or "",
                content=file.read(),
                uploader=current_user,
            )
        except ImportRejected as rejected:
            # The file could not be read, so nothing was kept: its errors go beside the form.
            return _upload_page(form, 400, rejected)
        return redirect(url_for("imports.preview", token=batch.token))
    return _upload_page(form, 400)


def _batch_or_403(token: str) -> ImportBatch:
    """Let the uploader, or an administrator over the batch's units, near an upload."""
    batch = batch_by_token(token)
    if batch is None or batch.kind not in services.ROLE_FOR_KIND:
        abort(404)
    role = services.ROLE_FOR_KIND[batch.kind]
    own = batch.uploaded_by_id == current_user.id and has_role(current_user, role)
    scope_unit = db.session.get(Unit, batch.scope_unit_id) if batch.scope_unit_id else None
    if not (own or can(current_user, Role.ADMIN, scope_unit)):
        abort(403)
    return batch


@bp.get("/imports/<token>")
@role_required(Role.MANAGER)
def preview(token: str):
    """Show what the file would change, or the table of rows to fix."""
    batch = _batch_or_403(token)
    plan, errors, header = None, [], None
    if batch.applied_at is None:
        try:
            plan = services.plan_batch(batch, scope=services.import_scope(current_user, batch.kind))
            header = plan.header
        except ImportRejected as rejected:
            # Not a refusal to flash: the rows to fix are what this page shows.
            errors, header = rejected.errors, rejected.header
    return render_template(
        "imports/preview.html",
        batch=batch,
        plan=plan,
        errors=errors,
        header=header,
        form=ApplyForm(),
        outcomes=[o for o in Outcome if batch.kind == services.STAFF or o != Outcome.LEFT],
        preview_rows=PREVIEW_ROWS,
    )


@bp.post("/imports/<token>/apply")
@role_required(Role.MANAGER)
def apply(token: str):
    """Apply the whole file in one transaction, once."""
    batch = _batch_or_403(token)
    form = ApplyForm()
    if not form.validate_on_submit():
        abort(400)
    with refusal_flashed():
        # A large file is applied by the background worker; its page shows the progress.
        job = submit_apply_if_large(batch, by=current_user)
        if job is not None:
            return redirect(url_for("jobs.detail", job_id=job.id))
        summary = services.apply_batch(
            batch=batch,
            scope=services.import_scope(current_user, batch.kind),
            actor=current_user,
        )
        counts = _("，").join(
            _("%(label)s %(n)d", label=_(Outcome(k).label), n=n) for k, n in summary.items() if n
        )
        flash(_("导入完成：%(counts)s。", counts=counts or _("没有变化")), "success")
    return redirect(url_for("imports.preview", token=token))


@bp.get("/imports/templates/<kind>.xlsx")
@role_required(Role.MANAGER)
def template(kind: str):
    """Download the template of a file: its headers, an example row, drop-down lists."""
    if kind not in services.TEMPLATES:
        abort(404)
    columns, role = services.TEMPLATES[kind]
    if not has_role(current_user, role):
        abort(403)
    content = template_workbook(columns, _)
    name = _("%(title)s导入模板.xlsx", title=_(columns.title))
    return send_file(io.BytesIO(content), mimetype=XLSX, as_attachment=True, download_name=name)
