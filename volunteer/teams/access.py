"""Who may see and change a team, a project, or pick a unit for one (aborts with 403/404)."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from volunteer.activities.access import leads_team
from volunteer.activities.models import Project, Team, TeamMember
from volunteer.auth.models import Role
from volunteer.auth.permissions import can, require
from volunteer.extensions import db
from volunteer.units.models import Unit


def chosen_unit(unit_id: int) -> Unit:
    """Load the unit picked on a form; 403 unless the user coordinates it."""
    unit = db.get_or_404(Unit, unit_id)
    require(Role.COORDINATOR, unit)
    return unit


def team_in_reach(team_id: int, *, leaders_too: bool = False) -> Team:
    """Load a team; 403 unless the user coordinates its unit (or, when allowed, leads it)."""
    team = db.get_or_404(Team, team_id)
    if not can(current_user, Role.COORDINATOR, team.unit) and not (
        leaders_too and leads_team(current_user, team)
    ):
        abort(403)
    return team


def member_in_reach(team_member_id: int) -> TeamMember:
    """Load a membership; 403 unless the user coordinates or leads its team."""
    member = db.get_or_404(TeamMember, team_member_id)
    team_in_reach(member.team_id, leaders_too=True)
    return member


def project_in_reach(project_id: int) -> Project:
    """Load a project; 403 unless the user coordinates its unit."""
    project = db.get_or_404(Project, project_id)
    require(Role.COORDINATOR, project.unit)
    return project
