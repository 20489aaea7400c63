"""The published list (公示) everyone in the organisation sees, objections, and their resolution."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.clock import local_today
from volunteer.commendation import access, queries
from volunteer.commendation.blueprint import bp
from volunteer.commendation.forms import ObjectionForm, ResolutionForm
from volunteer.commendation.models import NominationStatus
from volunteer.commendation.services.objections import raise_objection, resolve_objection
from volunteer.core.edge import refusal_flashed
from volunteer.records.forms import first_error


@bp.route("/commendation/<int:campaign_id>/notice")
@login_required
def notice(campaign_id: int):
    """Show the approved list with its notice dates, and the form to object."""
    campaign = access.visible_campaign_or_404(campaign_id)
    return _notice_page(campaign, ObjectionForm())


def _notice_page(campaign, form):
    return render_template(
        "commendation/notice.html",
        campaign=campaign,
        people=queries.nominations(campaign, statuses=(NominationStatus.APPROVED,)),
        form=form,
        mine=queries.objections_raised_by(campaign, current_user),
        today=local_today(),
    )


@bp.route("/commendation/<int:campaign_id>/objections", methods=["POST"])
@login_required
def object_to(campaign_id: int):
    """Raise an objection to one person on the list."""
    campaign = access.visible_campaign_or_404(campaign_id)
    form = ObjectionForm()
    if not form.validate_on_submit():
        return _notice_page(campaign, form), 422
    nomination = queries.nomination_by_id(form.nomination_id.data)
    if nomination is None or nomination.campaign_id != campaign.id:
        flash(_("请选择异议针对的人员。"), "error")
        return redirect(url_for(".notice", campaign_id=campaign.id))
    with refusal_flashed():
        raise_objection(
            nomination,
            real_name=form.real_name.data,
            contact=form.contact.data,
            content=form.content.data,
            by=current_user,
        )
        flash(_("异议已提交，审核部门会核实处理。您的姓名和联系方式只有审核部门可见。"), "success")
        return redirect(url_for(".notice", campaign_id=campaign.id))
    return _notice_page(campaign, form), 422


@bp.route("/commendation/objections/<int:objection_id>/resolve", methods=["POST"])
@login_required
def resolve(objection_id: int):
    """Resolve an objection: keep or withdraw the nomination, with a note."""
    objection = access.objection_or_404(objection_id)
    back = url_for(".campaign", campaign_id=objection.nomination.campaign_id)
    form = ResolutionForm()
    if not form.validate_on_submit():
        flash(first_error(form), "error")
        return redirect(back)
    resolve_objection(
        objection, note=form.note.data, withdraw=form.decision.data == "withdraw", by=current_user
    )
    flash(_("异议已处理。"), "success")
    return redirect(back)
