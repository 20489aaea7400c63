"""Upload a unit tree or a staff roster, preview what it would change, then apply it once."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from volunteer.auth.models import Role
from volunteer.auth.permissions import can, has_role, role_required
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.imports import services
from volunteer.imports.forms import KIND_LABELS, ApplyForm, UploadForm
from volunteer.imports.models import ImportBatch
from volunteer.imports.plan import OUTCOME_LABELS, Outcome
from volunteer.imports.queries import batch_by_token, recent_uploads
from volunteer.imports.tabular import ImportRejected
from volunteer.units.models import Unit

bp = Blueprint("imports", __name__)

# The preview lists this many changed rows; the counts always cover the whole file.
PREVIEW_ROWS = 300


def _upload_page(form: UploadForm, status: int = 200):
    uploads = db.session.scalars(recent_uploads(current_user)).all()
    return render_template(
        "imports/index.html", form=form, uploads=uploads, kind_labels=KIND_LABELS
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
    try:
        batch = services.store_upload(
            kind=form.kind.data,
            filename=file.filename or "",
            content=file.read(),
            uploader=current_user,
        )
    except DomainError as error:
        flash(error.message, "error")
        return _upload_page(form, 400)
    db.session.commit()
    return redirect(url_for("imports.preview", token=batch.token))


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
    plan, errors = None, []
    if batch.applied_at is None:
        try:
            plan = services.plan_batch(batch, scope=services.import_scope(current_user, batch.kind))
        except ImportRejected as rejected:
            errors = rejected.errors
    return render_template(
        "imports/preview.html",
        batch=batch,
        plan=plan,
        errors=errors,
        form=ApplyForm(),
        kind_label=KIND_LABELS[batch.kind],
        outcomes=[o for o in Outcome if batch.kind == services.STAFF or o != Outcome.LEFT],
        outcome_labels=OUTCOME_LABELS,
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
    try:
        summary = services.apply_batch(
            batch=batch,
            scope=services.import_scope(current_user, batch.kind),
            actor_id=current_user.id,
        )
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("imports.preview", token=token))
    db.session.commit()
    counts = _("，").join(
        _("%(label)s %(n)d", label=OUTCOME_LABELS[Outcome(k)], n=n) for k, n in summary.items() if n
    )
    flash(_("导入完成：%(counts)s。", counts=counts or _("没有变化")), "success")
    return redirect(url_for("imports.preview", token=token))
