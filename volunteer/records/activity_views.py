"""An activity's records with totals, and make-ups (补录) for it (routes on records.bp)."""

from __future__ import annotations

from pathlib import PurePath

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.activities.access import require_run_activity
from volunteer.activities.models import Activity
from volunteer.auth.models import Account
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.records import listings
from volunteer.records.entries import enter_make_up
from volunteer.records.forms import MakeUpForm, SignOutForm, VoidForm
from volunteer.records.services import is_forgotten_sign_out
from volunteer.records.views import (
    bp,
    commit_and_flash,
    first_error,
    person_name,
    rollback_and_flash,
)

ATTACHMENT_MIMETYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "heic": "image/heic",
}


@bp.route("/activities/<int:activity_id>/records")
@login_required
def activity_records(activity_id: int):
    """List all records of an activity with totals; fix forgotten sign-outs, void mistakes."""
    activity = db.get_or_404(Activity, activity_id)
    require_run_activity(activity)
    return render_template(
        "records/activity_records.html",
        activity=activity,
        records=listings.activity_records(activity.id),
        totals=listings.activity_totals(activity.id),
        sign_out_form=SignOutForm(formdata=None),
        void_form=VoidForm(formdata=None),
        is_forgotten=is_forgotten_sign_out,
    )


def _attachment_upload(form: MakeUpForm) -> tuple[str, str, bytes] | None:
    upload = form.attachment.data
    if not upload or not upload.filename:
        return None
    filename = PurePath(upload.filename.replace("\\", "/")).name or "attachment"
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    mimetype = ATTACHMENT_MIMETYPES.get(extension, "application/octet-stream")
    return filename, mimetype, upload.read()


@bp.route("/activities/<int:activity_id>/make-up", methods=["GET", "POST"])
@login_required
def make_up(activity_id: int):
    """补录: find the volunteer, give the times, reason and evidence; a manager approves it."""
    activity = db.get_or_404(Activity, activity_id)
    require_run_activity(activity)
    search = (request.args.get("q") or "").strip()[:50]
    form = MakeUpForm()
    if request.method == "GET":
        form.account_id.data = request.args.get("account_id", type=int)
        form.begin.data, form.end.data = activity.starts_at, activity.ends_at
    chosen = db.session.get(Account, form.account_id.data) if form.account_id.data else None
    if form.validate_on_submit():
        try:
            if chosen is None:
                raise DomainError(_("请先查找并选择志愿者。"))
            enter_make_up(
                account=chosen,
                activity=activity,
                begin=form.begin.data,
                end=form.end.data,
                reason=form.reason.data,
                evidence_note=form.evidence_note.data,
                attachment=_attachment_upload(form),
                by=current_user,
            )
        except DomainError as error:
            rollback_and_flash(error)
        else:
            commit_and_flash(_("已为 %(name)s 补录，等待管理员审核。", name=person_name(chosen)))
            return redirect(url_for(".activity_records", activity_id=activity.id))
    elif form.errors:
        flash(first_error(form), "error")
    return render_template(
        "records/make_up.html",
        activity=activity,
        form=form,
        search=search,
        found=listings.find_volunteers(search) if search else [],
        chosen=chosen,
    )
