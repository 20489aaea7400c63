"""The corrections queue: a manager accepts volunteers' correction requests or turns them down."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.auth.models import Role
from volunteer.auth.permissions import role_required
from volunteer.core.edge import refusal_flashed
from volunteer.core.pagination import paginate
from volunteer.records.access import correction_or_404
from volunteer.records.blueprint import bp
from volunteer.records.forms import AcceptCorrectionForm, RejectCorrectionForm, first_error
from volunteer.records.queries import queues
from volunteer.records.services import corrections as correction_services
from volunteer.records.templating import person_name

CORRECTIONS_PER_PAGE = 30


@bp.route("/corrections")
@role_required(Role.MANAGER)
def corrections():
    """List the volunteers' correction requests waiting for the manager."""
    return render_template(
        "records/corrections.html",
        page=paginate(queues.pending_corrections(current_user), per_page=CORRECTIONS_PER_PAGE),
        accept_form=AcceptCorrectionForm(formdata=None),
        reject_form=RejectCorrectionForm(formdata=None),
    )


@bp.route("/corrections/<int:correction_id>/accept", methods=["POST"])
@login_required
def accept_correction(correction_id: int):
    """Accept a correction: the record takes the proposed times (or the missing one is added)."""
    correction = correction_or_404(correction_id)
    form = AcceptCorrectionForm()
    if not form.validate_on_submit():
        flash(first_error(form), "error")
        return redirect(url_for(".corrections"))
    with refusal_flashed():
        correction_services.accept_correction(
            correction, by=current_user, reason=form.reason.data or None
        )
        flash(_("已采纳 %(name)s 的更正申请。", name=person_name(correction.account)), "success")
    return redirect(url_for(".corrections"))


@bp.route("/corrections/<int:correction_id>/reject", methods=["POST"])
@login_required
def reject_correction(correction_id: int):
    """Turn a correction down with a reason the volunteer will read."""
    correction = correction_or_404(correction_id)
    form = RejectCorrectionForm()
    if not form.validate_on_submit():
        flash(first_error(form), "error")
        return redirect(url_for(".corrections"))
    with refusal_flashed():
        correction_services.reject_correction(correction, by=current_user, reason=form.reason.data)
        flash(_("已驳回 %(name)s 的更正申请。", name=person_name(correction.account)), "success")
    return redirect(url_for(".corrections"))
