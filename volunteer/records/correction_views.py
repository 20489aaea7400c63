"""The corrections queue: a manager accepts volunteers' correction requests or turns them down
(routes on records.bp)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.auth.models import Role
from volunteer.auth.permissions import can, role_required
from volunteer.core.pagination import paginate
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.records import corrections as correction_services
from volunteer.records import listings
from volunteer.records.forms import AcceptCorrectionForm, RejectCorrectionForm
from volunteer.records.models import Correction
from volunteer.records.views import (
    bp,
    commit_and_flash,
    first_error,
    person_name,
    rollback_and_flash,
)

CORRECTIONS_PER_PAGE = 30


@bp.route("/corrections")
@role_required(Role.MANAGER)
def corrections():
    """List the volunteers' correction requests waiting for the manager."""
    return render_template(
        "records/corrections.html",
        page=paginate(listings.pending_corrections(current_user), per_page=CORRECTIONS_PER_PAGE),
        accept_form=AcceptCorrectionForm(formdata=None),
        reject_form=RejectCorrectionForm(formdata=None),
    )


def _correction(correction_id: int) -> Correction:
    correction = db.get_or_404(Correction, correction_id)
    if not any(
        can(current_user, Role.MANAGER, unit) for unit in listings.correction_units(correction)
    ):
        abort(403)
    return correction


@bp.route("/corrections/<int:correction_id>/accept", methods=["POST"])
@login_required
def accept_correction(correction_id: int):
    """Accept a correction: the record takes the proposed times (or the missing one is added)."""
    correction = _correction(correction_id)
    form = AcceptCorrectionForm()
    if not form.validate_on_submit():
        flash(first_error(form), "error")
        return redirect(url_for(".corrections"))
    try:
        correction_services.accept_correction(
            correction, by=current_user, reason=form.reason.data or None
        )
    except DomainError as error:
        rollback_and_flash(error)
    else:
        commit_and_flash(_("已采纳 %(name)s 的更正申请。", name=person_name(correction.account)))
    return redirect(url_for(".corrections"))


@bp.route("/corrections/<int:correction_id>/reject", methods=["POST"])
@login_required
def reject_correction(correction_id: int):
    """Turn a correction down with a reason the volunteer will read."""
    correction = _correction(correction_id)
    form = RejectCorrectionForm()
    if not form.validate_on_submit():
        flash(first_error(form), "error")
        return redirect(url_for(".corrections"))
    try:
        correction_services.reject_correction(correction, by=current_user, reason=form.reason.data)
    except DomainError as error:
        rollback_and_flash(error)
    else:
        commit_and_flash(_("已驳回 %(name)s 的更正申请。", name=person_name(correction.account)))
    return redirect(url_for(".corrections"))
