"""A unit's nominations: the form within the quota, the attachment, and the review."""

from io import BytesIO

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.clock import local_today
from volunteer.commendation import access, queries
from volunteer.commendation.blueprint import bp
from volunteer.commendation.forms import NominationForm, ReviewForm
from volunteer.commendation.services.nominations import Upload, nominate, review_nomination
from volunteer.core.edge import refusal_flashed
from volunteer.records.forms import first_error


@bp.route("/commendation/<int:campaign_id>/units/<int:unit_id>", methods=["GET", "POST"])
@login_required
def unit(campaign_id: int, unit_id: int):
    """Show a unit's places and nominations, and take a nomination while the campaign is open."""
    campaign = access.campaign_or_404(campaign_id)
    nominating = access.nominating_unit(campaign, unit_id)
    form = NominationForm()
    if form.validate_on_submit():
        upload = form.attachment.data
        with refusal_flashed():
            nomination = nominate(
                campaign,
                nominating,
                identifier=form.staff_no.data,
                citation=form.citation.data,
                upload=Upload(upload.filename or "", upload.read()) if upload else None,
                by=current_user,
            )
            flash(_("已提名 %(name)s，等待审核。", name=nomination.name), "success")
            return redirect(url_for(".unit", campaign_id=campaign.id, unit_id=nominating.id))
    return render_template(
        "commendation/unit.html",
        campaign=campaign,
        unit=nominating,
        form=form,
        quota=queries.quota_uses(campaign, [nominating])[0],
        nominations=queries.nominations(campaign, unit=nominating),
        candidates=queries.candidates(campaign, nominating) if campaign.takes_nominations else [],
        deadline_passed=local_today() > campaign.nomination_deadline,
    )


@bp.route("/commendation/nominations/<int:nomination_id>/attachment")
@login_required
def attachment(nomination_id: int):
    """Download a nomination's photo or attachment (always as a download)."""
    nomination = access.managed_nomination_or_404(nomination_id)
    if nomination.attachment is None:
        abort(404)
    response = send_file(
        BytesIO(nomination.attachment),
        mimetype=nomination.attachment_type or "application/octet-stream",
        as_attachment=True,
        download_name=nomination.attachment_name or "attachment",
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/commendation/nominations/<int:nomination_id>/approve", methods=["POST"])
@login_required
def approve(nomination_id: int):
    """Approve a nomination."""
    return _review(nomination_id, approve=True)


@bp.route("/commendation/nominations/<int:nomination_id>/reject", methods=["POST"])
@login_required
def reject(nomination_id: int):
    """Reject a nomination with a reason."""
    return _review(nomination_id, approve=False)


def _review(nomination_id: int, *, approve: bool):
    nomination = access.reviewed_nomination_or_404(nomination_id)
    back = url_for(".campaign", campaign_id=nomination.campaign_id)
    form = ReviewForm()
    if not form.validate_on_submit():
        flash(first_error(form), "error")
        return redirect(back)
    review_nomination(nomination, approve=approve, reason=form.reason.data, by=current_user)
    if approve:
        flash(_("已通过 %(name)s 的提名。", name=nomination.name), "success")
    else:
        flash(_("%(name)s 的提名未通过。", name=nomination.name), "success")
    return redirect(back)
