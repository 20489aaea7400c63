"""Volunteer teams with their members and call-out roster, and service projects."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.activities.access import leads_team
from volunteer.activities.models import TEAM_KIND_LABELS, Project, Team, TeamKind, TeamMember
from volunteer.activities.queries import confirmed_by_activity, live_units_in_scope
from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import can, require, role_required
from volunteer.clock import utc_now
from volunteer.core.pagination import paginate
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.teams import queries, services
from volunteer.teams.forms import AddMemberForm, MemberForm, ProjectForm, ReasonForm, TeamForm
from volunteer.units.models import Unit

bp = Blueprint("teams", __name__)

PAGE_SIZE = 20


@bp.context_processor
def inject_now():
    """Give this blueprint's pages the current moment (the call-out roster's printed at)."""
    return {"now": utc_now()}


@bp.app_template_filter("team_kind")
def team_kind_label(kind: str) -> str:
    """Name a team's type in the reader's language."""
    label = TEAM_KIND_LABELS.get(kind)
    return _(label) if label else kind


def _commit_or_flash(change, success: str) -> bool:
    """Run a service call; commit and flash `success`, or roll back and flash its refusal."""
    try:
        change()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return False
    db.session.commit()
    flash(success, "success")
    return True


def _unit_choices(form_field, units: list[Unit], current: Unit | None = None) -> None:
    if current is not None and current not in units:
        units = [current, *units]
    form_field.choices = [(unit.id, unit.name) for unit in units]


def _chosen_unit(unit_id: int) -> Unit:
    unit = db.get_or_404(Unit, unit_id)
    require(Role.COORDINATOR, unit)
    return unit


# Teams --------------------------------------------------------------------------------------


def _team(team_id: int, *, leaders_too: bool = False) -> Team:
    """Load a team; 403 unless the user coordinates its unit (or, when allowed, leads it)."""
    team = db.get_or_404(Team, team_id)
    if not can(current_user, Role.COORDINATOR, team.unit) and not (
        leaders_too and leads_team(current_user, team)
    ):
        abort(403)
    return team


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
    _unit_choices(form.unit_id, live_units_in_scope(current_user))
    if form.validate_on_submit():
        unit = _chosen_unit(form.unit_id.data)
        try:
            team = services.create_team(
                name=form.name.data,
                kind=TeamKind(form.kind.data),
                unit=unit,
                description=form.description.data,
            )
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("已成立 %(name)s。", name=team.name), "success")
            return redirect(url_for(".team", team_id=team.id))
    return render_template("teams/team_form.html", form=form, team=None)


@bp.route("/teams/<int:team_id>")
@login_required
def team(team_id: int):
    """Show a team: its members with leaders first, and its coming activities."""
    team = _team(team_id, leaders_too=True)
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
    team = _team(team_id)
    form = TeamForm(obj=team)
    _unit_choices(form.unit_id, live_units_in_scope(current_user), team.unit)
    if form.validate_on_submit():
        unit = _chosen_unit(form.unit_id.data)
        if _commit_or_flash(
            lambda: services.update_team(
                team=team,
                name=form.name.data,
                kind=TeamKind(form.kind.data),
                unit=unit,
                description=form.description.data,
            ),
            _("已保存。"),
        ):
            return redirect(url_for(".team", team_id=team.id))
    return render_template("teams/team_form.html", form=form, team=team)


@bp.route("/teams/<int:team_id>/disband", methods=["POST"])
@login_required
def disband_team(team_id: int):
    """Disband a team; its members' memberships end."""
    team = _team(team_id)
    form = ReasonForm()
    form.validate()
    _commit_or_flash(
        lambda: services.disband_team(team=team, reason=form.reason.data or None),
        _("已解散 %(name)s。", name=team.name),
    )
    return redirect(url_for(".team", team_id=team.id))


@bp.route("/teams/<int:team_id>/members/add", methods=["GET", "POST"])
@login_required
def add_team_member(team_id: int):
    """Find registered volunteers by name, 工号 or phone, and add one to the team."""
    team = _team(team_id, leaders_too=True)
    form = AddMemberForm()
    if form.validate_on_submit():
        candidate = _candidate(team, form.account_id.data)
        if candidate is None:
            flash(_("请从搜索结果中选择已注册的志愿者。"), "error")
        elif _commit_or_flash(
            lambda: services.add_team_member(
                team=team,
                account=candidate,
                is_leader=form.is_leader.data,
                skills=form.skills.data,
            ),
            _("已将 %(name)s 加入本队。", name=candidate.display_name),
        ):
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


def _member(team_member_id: int) -> TeamMember:
    member = db.get_or_404(TeamMember, team_member_id)
    _team(member.team_id, leaders_too=True)
    return member


@bp.route("/team-members/<int:team_member_id>/update", methods=["POST"])
@login_required
def update_team_member(team_member_id: int):
    """Change a member's leader flag or skills."""
    member = _member(team_member_id)
    form = MemberForm()
    if form.validate_on_submit():
        _commit_or_flash(
            lambda: services.update_team_member(
                member=member, is_leader=form.is_leader.data, skills=form.skills.data
            ),
            _("已保存。"),
        )
    else:
        flash(_("技能特长最多 200 字。"), "error")
    return redirect(url_for(".team", team_id=member.team_id))


@bp.route("/team-members/<int:team_member_id>/remove", methods=["POST"])
@login_required
def remove_team_member(team_member_id: int):
    """Take a member off the team (the membership stays on record)."""
    member = _member(team_member_id)
    _commit_or_flash(
        lambda: services.remove_team_member(member=member),
        _("已将 %(name)s 移出本队。", name=member.account.display_name),
    )
    return redirect(url_for(".team", team_id=member.team_id))


@bp.route("/teams/<int:team_id>/callout")
@login_required
def callout(team_id: int):
    """Show the call-out roster: every member's phone, unit and skills on one printable page."""
    team = _team(team_id, leaders_too=True)
    return render_template("teams/callout.html", team=team, members=queries.team_members(team))


# Projects -----------------------------------------------------------------------------------


def _project(project_id: int) -> Project:
    project = db.get_or_404(Project, project_id)
    require(Role.COORDINATOR, project.unit)
    return project


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
    _unit_choices(form.unit_id, live_units_in_scope(current_user))
    if form.validate_on_submit():
        unit = _chosen_unit(form.unit_id.data)
        try:
            project = services.create_project(
                name=form.name.data, unit=unit, description=form.description.data
            )
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("已创建项目 %(name)s。", name=project.name), "success")
            return redirect(url_for(".project", project_id=project.id))
    return render_template("teams/project_form.html", form=form, project=None)


@bp.route("/projects/<int:project_id>")
@login_required
def project(project_id: int):
    """Show a project and its activities."""
    project = _project(project_id)
    page = paginate(queries.project_activities(project), per_page=PAGE_SIZE)
    return render_template(
        "teams/project.html",
        project=project,
        page=page,
        confirmed=confirmed_by_activity(page.items),
        close_form=ReasonForm(),
    )


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@login_required
def edit_project(project_id: int):
    """Change a project's name, owning unit or description."""
    project = _project(project_id)
    form = ProjectForm(obj=project)
    _unit_choices(form.unit_id, live_units_in_scope(current_user), project.unit)
    if form.validate_on_submit():
        unit = _chosen_unit(form.unit_id.data)
        if _commit_or_flash(
            lambda: services.update_project(
                project=project, name=form.name.data, unit=unit, description=form.description.data
            ),
            _("已保存。"),
        ):
            return redirect(url_for(".project", project_id=project.id))
    return render_template("teams/project_form.html", form=form, project=project)


@bp.route("/projects/<int:project_id>/close", methods=["POST"])
@login_required
def close_project(project_id: int):
    """Close a project; its activities stay."""
    project = _project(project_id)
    form = ReasonForm()
    form.validate()
    _commit_or_flash(
        lambda: services.close_project(project=project, reason=form.reason.data or None),
        _("项目 %(name)s 已结束。", name=project.name),
    )
    return redirect(url_for(".project", project_id=project.id))
