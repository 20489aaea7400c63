"""Organisers' pages: the activities they run, scheduling, changing and cancelling one."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.activities.access import require_run_activity
from volunteer.activities.blueprint import bp
from volunteer.activities.choices import ActivityChoices, details_from
from volunteer.activities.forms import ActivityForm, CancelActivityForm, theme_choice_value
from volunteer.activities.models import Activity, Team
from volunteer.activities.queries import activities as queries
from volunteer.activities.queries import catalogue
from volunteer.activities.queries.signups import confirmed_count, places_by_activity
from volunteer.activities.services import activities as services
from volunteer.auth.models import Role
from volunteer.auth.permissions import has_role
from volunteer.core.edge import refusal_flashed
from volunteer.core.pagination import paginate
from volunteer.extensions import db
from volunteer.teams import queries as team_queries

PAGE_SIZE = 20
TABS = ("upcoming", "past", "cancelled")


def _require_organiser() -> list[Team]:
    """Stop with 403 unless the user coordinates somewhere or leads a team; return led teams."""
    led = team_queries.teams_led_by(current_user)
    if not has_role(current_user, Role.COORDINATOR) and not led:
        abort(403)
    return led


@bp.route("/activities")
@login_required
def index():
    """List the activities the user runs: upcoming, past or cancelled, with filters."""
    _require_organiser()
    tab = request.args.get("tab", "upcoming")
    if tab not in TABS:
        tab = "upcoming"
    filters = {
        "category_id": request.args.get("category", type=int),
        "team_id": request.args.get("team", type=int),
        "project_id": request.args.get("project", type=int),
    }
    page = paginate(queries.run_activities(current_user, tab=tab, **filters), per_page=PAGE_SIZE)
    units = queries.live_units_in_scope(current_user)
    return render_template(
        "activities/index.html",
        page=page,
        seats=places_by_activity(page.items),
        tab=tab,
        filters=filters,
        categories=catalogue.categories(),
        teams=team_queries.team_choices(current_user),
        projects=team_queries.project_choices(current_user, units=units),
    )


@bp.route("/activities/new", methods=["GET", "POST"])
@login_required
def create():
    """Schedule an activity for a unit in scope, or for a team the user leads."""
    led = _require_organiser()
    choices = ActivityChoices(current_user)
    form = ActivityForm()
    choices.apply(form, new=True)
    if request.method == "GET":
        team = db.session.get(Team, request.args.get("team", 0, type=int))
        if team is not None and team in choices.teams:
            form.team_id.data, form.unit_id.data = team.id, team.unit_id
        elif not choices.scope_units and led:
            form.team_id.data, form.unit_id.data = led[0].id, led[0].unit_id
    if form.validate_on_submit():
        details = details_from(form)
        refusal = choices.refusal(details.unit, details.team)
        if refusal:
            form.unit_id.errors.append(refusal)
        else:
            with refusal_flashed():
                activity = services.create_activity(details=details, created_by=current_user)
                flash(_("已创建活动 %(number)s。", number=activity.number), "success")
                return redirect(url_for(".detail", activity_id=activity.id))
    return render_template(
        "activities/form.html", form=form, activity=None, current_theme=choices.current_theme
    )


@bp.route("/activities/<int:activity_id>/edit", methods=["GET", "POST"])
@login_required
def edit(activity_id: int):
    """Change an activity; times are fixed once it has settled service records."""
    activity = db.get_or_404(Activity, activity_id)
    require_run_activity(activity)
    if activity.is_cancelled:
        flash(_("活动已取消，不能修改。"), "error")
        return redirect(url_for(".detail", activity_id=activity.id))
    choices = ActivityChoices(current_user, activity)
    form = ActivityForm(obj=activity)
    choices.apply(form, new=False)
    if request.method == "GET":
        form.theme.data = theme_choice_value(activity.theme)
    if form.validate_on_submit():
        details = details_from(form)
        # Keeping what it already has is always fine; a new unit or team must be the user's.
        changed_owner = (details.unit.id, details.team) != (activity.unit_id, activity.team)
        refusal = changed_owner and choices.refusal(details.unit, details.team)
        if refusal:
            form.unit_id.errors.append(refusal)
        else:
            with refusal_flashed():
                services.update_activity(activity=activity, details=details, by=current_user)
                flash(_("已保存。"), "success")
                return redirect(url_for(".detail", activity_id=activity.id))
    return render_template(
        "activities/form.html",
        form=form,
        activity=activity,
        times_fixed=queries.has_settled_records(activity),
        current_theme=None,
    )


@bp.route("/activities/<int:activity_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(activity_id: int):
    """Cancel an activity with a reason."""
    activity = db.get_or_404(Activity, activity_id)
    require_run_activity(activity)
    form = CancelActivityForm()
    if form.validate_on_submit():
        with refusal_flashed():
            services.cancel_activity(activity=activity, reason=form.reason.data, by=current_user)
            flash(_("活动 %(number)s 已取消。", number=activity.number), "success")
            return redirect(url_for(".detail", activity_id=activity.id))
    return render_template(
        "activities/cancel.html",
        form=form,
        activity=activity,
        blocked=queries.has_counting_records(activity),
        confirmed=confirmed_count(activity),
    )
