"""Volunteer teams with their members and call-out roster, and service projects."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.activities.models import Team, TeamKind
from volunteer.activities.queries.activities import live_units_in_scope
from volunteer.activities.queries.signups import places_by_activity
from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import can, role_required
from volunteer.clock import utc_now
from volunteer.core.edge import refusal_flashed
from volunteer.core.pagination import paginate
from volunteer.extensions import db
from volunteer.teams import queries, services
from volunteer.teams.access import (
    chosen_unit,
    member_in_reach,
    project_in_reach,
    team_in_reach,
)
from volunteer.teams.blueprint import bp
from volunteer.teams.forms import (
    AddMemberForm,
    MemberForm,
    ProjectForm,
    ReasonForm,
    TeamForm,
    offer_units,
)

PAGE_SIZE = 20


# Teams --------------------------------------------------------------------------------------


@bp.route("/teams")
@role_required(Role.COORDINATOR)
def teams():
    """List the volunteer teams of the user's units."""
    include_disbanded = request.args.get("disbanded") == "1"
    rows = db.session.execute(
        queries.teams_in_scope(current_user, include_disbanded=include_disbanded)
    ).all()
    return render_template("teams/teams.html", rows=rows, include_disbanded=include_disbanded)


@bp.route("/teams/new", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def create_team():
    """Found a volunteer team for a unit in the user's scope."""
    form = TeamForm(kind=str(TeamKind.OTHER))
    offer_units(form.unit_id, live_units_in_scope(current_user))
    if form.validate_on_submit():
        unit = chosen_unit(form.unit_id.data)
        with refusal_flashed():
            team = services.create_team(
                name=form.name.data,
                kind=TeamKind(form.kind.data),
                unit=unit,
                description=form.description.data,
                by=current_user,
            )
            flash(_("已成立 %(name)s。", name=team.name), "success")
            return redirect(url_for(".team", team_id=team.id))
    return render_template("teams/team_form.html", form=form, team=None)


@bp.route("/teams/<int:team_id>")
@login_required
def team(team_id: int):
    """Show a team: its members with leaders first, and its coming activities."""
    team = team_in_reach(team_id, leaders_too=True)
    return render_template(
        "teams/team.html",
        team=team,
        members=queries.team_members(team),
        activities=queries.team_activities(team),
        may_edit=can(current_user, Role.COORDINATOR, team.unit),
        member_form=MemberForm(),
        disband_form=ReasonForm(),
    )


@bp.route("/teams/<int:team_id>/edit", methods=["GET", "POST"])
@login_required
def edit_team(team_id: int):
    """Change a team's name, type, owning unit or description."""
    team = team_in_reach(team_id)
    form = TeamForm(obj=team)
    offer_units(form.unit_id, live_units_in_scope(current_user), team.unit)
    if form.validate_on_submit():
        unit = chosen_unit(form.unit_id.data)
        with refusal_flashed():
            services.update_team(
                team=team,
                name=form.name.data,
                kind=TeamKind(form.kind.data),
                unit=unit,
                description=form.description.data,
                by=current_user,
            )
            flash(_("已保存。"), "success")
            return redirect(url_for(".team", team_id=team.id))
    return render_template("teams/team_form.html", form=form, team=team)


@bp.route("/teams/<int:team_id>/disband", methods=["POST"])
@login_required
def disband_team(team_id: int):
    """Disband a team; its members' memberships end."""
    team = team_in_reach(team_id)
    form = ReasonForm()
    form.validate()
    with refusal_flashed():
        services.disband_team(team=team, by=current_user, reason=form.reason.data or None)
        flash(_("已解散 %(name)s。", name=team.name), "success")
    return redirect(url_for(".team", team_id=team.id))


@bp.route("/teams/<int:team_id>/members/add", methods=["GET", "POST"])
@login_required
def add_team_member(team_id: int):
    """Find registered volunteers by name, 工号 or phone, and add one to the team."""
    team = team_in_reach(team_id, leaders_too=True)
    form = AddMemberForm()
    if form.validate_on_submit():
        candidate = _candidate(team, form.account_id.data)
        if candidate is None:
            flash(_("请从搜索结果中选择已注册的志愿者。"), "error")
        else:
            with refusal_flashed():
                services.add_team_member(
                    team=team,
                    account=candidate,
                    by=current_user,
                    is_leader=form.is_leader.data,
                    skills=form.skills.data,
                )
                flash(_("已将 %(name)s 加入本队。", name=candidate.display_name), "success")
                return redirect(url_for(".team", team_id=team.id))
    search = request.args.get("q", "").strip()
    return render_template(
        "teams/add_member.html",
        team=team,
        form=form,
        search=search,
        candidates=queries.member_candidates(team, search) if search else [],
    )


def _candidate(team: Team, account_id: str | None) -> Account | None:
    """Return the chosen account if it may join: a registered volunteer within the team's unit."""
    try:
        account = db.session.get(Account, int(account_id or 0))
    except ValueError:
        return None
    if account is None or not queries.in_team_catchment(team, account):
        return None
    return account


@bp.route("/team-members/<int:team_member_id>/update", methods=["POST"])
@login_required
def update_team_member(team_member_id: int):
    """Change a member's leader flag or skills."""
    member = member_in_reach(team_member_id)
    form = MemberForm()
    if form.validate_on_submit():
        with refusal_flashed():
            services.update_team_member(
                member=member,
                is_leader=form.is_leader.data,
                skills=form.skills.data,
                by=current_user,
            )
            flash(_("已保存。"), "success")
    else:
        flash(_("技能特长最多 200 字。"), "error")
    return redirect(url_for(".team", team_id=member.team_id))


@bp.route("/team-members/<int:team_member_id>/remove", methods=["POST"])
@login_required
def remove_team_member(team_member_id: int):
    """Take a member off the team (the membership stays on record)."""
    member = member_in_reach(team_member_id)
    with refusal_flashed():
        services.remove_team_member(member=member, by=current_user)
        flash(_("已将 %(name)s 移出本队。", name=member.account.display_name), "success")
    return redirect(url_for(".team", team_id=member.team_id))


@bp.route("/teams/<int:team_id>/callout")
@login_required
def callout(team_id: int):
    """Show the call-out roster: every member's phone, unit and skills on one printable page."""
    team = team_in_reach(team_id, leaders_too=True)
    return render_template(
        "teams/callout.html",
        team=team,
        members=queries.team_members(team),
        printed_at=utc_now(),
    )


# Projects -----------------------------------------------------------------------------------


@bp.route("/projects")
@role_required(Role.COORDINATOR)
def projects():
    """List the service projects (志愿服务项目/品牌) of the user's units."""
    rows = db.session.execute(queries.projects_in_scope(current_user)).all()
    return render_template("teams/projects.html", rows=rows)


@bp.route("/projects/new", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def create_project():
    """Start a service project owned by a unit in the user's scope."""
    form = ProjectForm()
    offer_units(form.unit_id, live_units_in_scope(current_user))
    if form.validate_on_submit():
        unit = chosen_unit(form.unit_id.data)
        with refusal_flashed():
            project = services.create_project(
                name=form.name.data, unit=unit, description=form.description.data, by=current_user
            )
            flash(_("已创建项目 %(name)s。", name=project.name), "success")
            return redirect(url_for(".project", project_id=project.id))
    return render_template("teams/project_form.html", form=form, project=None)


@bp.route("/projects/<int:project_id>")
@login_required
def project(project_id: int):
    """Show a project and its activities."""
    project = project_in_reach(project_id)
    page = paginate(queries.project_activities(project), per_page=PAGE_SIZE)
    return render_template(
        "teams/project.html",
        project=project,
        page=page,
        seats=places_by_activity(page.items),
        close_form=ReasonForm(),
    )


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@login_required
def edit_project(project_id: int):
    """Change a project's name, owning unit or description."""
    project = project_in_reach(project_id)
    form = ProjectForm(obj=project)
    offer_units(form.unit_id, live_units_in_scope(current_user), project.unit)
    if form.validate_on_submit():
        unit = chosen_unit(form.unit_id.data)
        with refusal_flashed():
            services.update_project(
                project=project,
                name=form.name.data,
                unit=unit,
                description=form.description.data,
                by=current_user,
            )
            flash(_("已保存。"), "success")
            return redirect(url_for(".project", project_id=project.id))
    return render_template("teams/project_form.html", form=form, project=project)


@bp.route("/projects/<int:project_id>/close", methods=["POST"])
@login_required
def close_project(project_id: int):
    """Close a project; its activities stay."""
    project = project_in_reach(project_id)
    form = ReasonForm()
    form.validate()
    with refusal_flashed():
        services.close_project(project=project, by=current_user, reason=form.reason.data or None)
        flash(_("项目 %(name)s 已结束。", name=project.name), "success")
    return redirect(url_for(".project", project_id=project.id))
