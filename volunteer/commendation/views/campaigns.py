"""Campaigns: the list, opening one, and the steps the organisation's administrator takes."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.auth.models import Role
from volunteer.auth.permissions import scope_roots
from volunteer.clock import local_today
from volunteer.commendation import access, queries
from volunteer.commendation.blueprint import bp
from volunteer.commendation.forms import CampaignForm, ResolutionForm, ReviewForm
from volunteer.commendation.models import NominationStatus, QuotaKind
from volunteer.commendation.services import campaigns as services
from volunteer.core.edge import refusal_flashed
from volunteer.targets.queries import target_for


@bp.route("/commendation")
@login_required
def index():
    """List the campaigns: all for managers, the published lists for everyone else."""
    shown = [c for c in queries.campaigns() if c.is_public or _manages_any()]
    return render_template(
        "commendation/index.html", campaigns=shown, organiser=access.is_organiser()
    )


def _manages_any() -> bool:
    return bool(scope_roots(current_user, Role.MANAGER))


@bp.route("/commendation/new", methods=["GET", "POST"])
@login_required
def open_campaign():
    """Open the year's campaign (the organisation's administrator)."""
    access.require_organiser()
    form = CampaignForm()
    if request.method == "GET":
        # The default hours are the year's target (docs/rules.md §4.1).
        year = local_today().year
        form.year.data = year
        form.title.data = _("%(year)d年度优秀志愿者评选", year=year)
        form.min_hours.data = target_for(year).hours_per_person
    if form.validate_on_submit():
        with refusal_flashed():
            campaign = services.open_campaign(
                year=form.year.data,
                title=form.title.data,
                min_hours=form.hours,
                quota_kind=QuotaKind(form.quota_kind.data),
                quota_value=form.quota,
                nomination_deadline=form.deadline,
                notice_days=form.notice_days.data,
                by=current_user,
            )
            flash(_("评选已开始，各单位可以提名了。"), "success")
            return redirect(url_for("commendation.campaign", campaign_id=campaign.id))
    return render_template("commendation/new.html", form=form)


@bp.route("/commendation/<int:campaign_id>")
@login_required
def campaign(campaign_id: int):
    """Show a campaign to managers: their units' places; to reviewers every nomination too."""
    campaign = access.campaign_or_404(campaign_id)
    roots = scope_roots(current_user, Role.MANAGER)
    if not roots:
        access.require_reviewer()  # 403: volunteers and coordinators read the notice page
    reviewer = access.is_reviewer()
    units = None if reviewer else queries.nominating_units_within(roots)
    return render_template(
        "commendation/campaign.html",
        campaign=campaign,
        quotas=queries.quota_uses(campaign, units),
        reviewer=reviewer,
        organiser=access.is_organiser(),
        nominations=queries.nominations(campaign) if reviewer else [],
        waiting=NominationStatus.NOMINATED,
        objections=queries.objections(campaign) if reviewer else [],
        review_form=ReviewForm(),
        resolution_form=ResolutionForm(),
        today=local_today(),
    )


@bp.route("/commendation/<int:campaign_id>/close", methods=["POST"])
@login_required
def close(campaign_id: int):
    """Stop taking nominations."""
    access.require_organiser()
    campaign = access.campaign_or_404(campaign_id)
    services.close_nominations(campaign, by=current_user)
    flash(_("提名已截止，请审核后公示。"), "success")
    return redirect(url_for(".campaign", campaign_id=campaign.id))


@bp.route("/commendation/<int:campaign_id>/publish", methods=["POST"])
@login_required
def publish(campaign_id: int):
    """Put the approved list on notice."""
    access.require_organiser()
    campaign = access.campaign_or_404(campaign_id)
    services.publish_list(campaign, by=current_user)
    flash(_("名单已公示。"), "success")
    return redirect(url_for(".notice", campaign_id=campaign.id))


@bp.route("/commendation/<int:campaign_id>/finalise", methods=["POST"])
@login_required
def finalise(campaign_id: int):
    """Make the list final after the notice period."""
    access.require_organiser()
    campaign = access.campaign_or_404(campaign_id)
    services.finalise_list(campaign, by=current_user)
    flash(_("名单已定稿，可以导出名单和打印荣誉证书。"), "success")
    return redirect(url_for(".campaign", campaign_id=campaign.id))
