"""One record: its facts, evidence, corrections and history; fix a forgotten sign-out, void it."""

from __future__ import annotations

from io import BytesIO

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.audit.reading import read_entries
from volunteer.core.edge import refusal_flashed
from volunteer.core.numbers import format_hours
from volunteer.core.redirects import back_to
from volunteer.records.access import can_fix, record_or_404
from volunteer.records.blueprint import bp
from volunteer.records.forms import CorrectionForm, SignOutForm, VoidForm, first_error
from volunteer.records.models import RecordStatus
from volunteer.records.queries import record as record_queries
from volunteer.records.services.forgotten import resolve_forgotten_sign_out
from volunteer.records.services.review import void_record
from volunteer.records.templating import HISTORY_KNOWN_FIELDS


@bp.route("/records/<int:record_id>")
@login_required
def detail(record_id: int):
    """Show a record's facts, evidence, corrections and audit history."""
    record = record_or_404(record_id)
    return render_template(
        "records/detail.html",
        record=record,
        fixing=can_fix(record),
        history=read_entries(record_queries.record_history(record.id), known=HISTORY_KNOWN_FIELDS),
        corrections=record_queries.record_corrections(record.id),
        sign_out_form=SignOutForm(formdata=None),
        void_form=VoidForm(formdata=None),
        correction_form=CorrectionForm(formdata=None),
        own=record.account_id == current_user.id,
    )


@bp.route("/records/<int:record_id>/sign-out", methods=["POST"])
@login_required
def fix_sign_out(record_id: int):
    """Set the real sign-out time of a forgotten sign-out, with a reason."""
    record = record_or_404(record_id, fixing=True)
    form = SignOutForm()
    back = back_to(url_for(".detail", record_id=record.id))
    if not form.validate_on_submit():
        flash(first_error(form), "error")
        return redirect(back)
    # DataRequired: a valid form has the sign-out time.
    assert form.signed_out_at.data is not None
    with refusal_flashed():
        resolve_forgotten_sign_out(
            record, signed_out_at=form.signed_out_at.data, reason=form.reason.data, by=current_user
        )
        if record.status == RecordStatus.APPROVED:
            message = _("已设置签退时间，计入 %(hours)s 小时。", hours=format_hours(record.hours))
        else:
            message = _("已设置签退时间，当日累计较长，仍需审核。")
        flash(message, "success")
    return redirect(back)


@bp.route("/records/<int:record_id>/void", methods=["POST"])
@login_required
def void(record_id: int):
    """Void a wrong record with a reason; it is kept and shown, and no longer counts."""
    record = record_or_404(record_id, fixing=True)
    form = VoidForm()
    back = back_to(url_for(".detail", record_id=record.id))
    if not form.validate_on_submit():
        flash(first_error(form), "error")
        return redirect(back)
    with refusal_flashed():
        void_record(record, by=current_user, reason=form.reason.data)
        flash(_("记录已作废。"), "success")
    return redirect(back)


# The evidence a browser may show in the page, each known by its first bytes: a file whose
# bytes do not match its type, and every other type (an SVG or HTML could run script), is only
# downloaded.
SHOWN_INLINE = {
    "image/png": b"\x89PNG\r\n\x1a\n",
    "image/jpeg": b"\xff\xd8\xff",
    "application/pdf": b"%PDF-",
}


@bp.route("/records/<int:record_id>/attachments/<int:attachment_id>")
@login_required
def attachment(record_id: int, attachment_id: int):
    """Show a record's evidence image or PDF in the browser; download any other file."""
    record = record_or_404(record_id)
    evidence = record_queries.attachment_of(record.id, attachment_id)
    if evidence is None:
        abort(404)
    magic = SHOWN_INLINE.get(evidence.mimetype)
    response = send_file(
        BytesIO(evidence.content),
        mimetype=evidence.mimetype,
        as_attachment=magic is None or not evidence.content.startswith(magic),
        download_name=evidence.filename,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
