"""Writes for volunteer teams, their members, and service projects.

Every function flushes and audits; the caller commits once. Scope (who may act on which unit)
is checked by the views before they call in here.
"""

from __future__ import annotations

from flask_babel import gettext as _

from volunteer.activities.models import Project, Team, TeamKind, TeamMember
from volunteer.activities.queries.signups import is_registered_volunteer
from volunteer.audit.services import record_change, snapshot
from volunteer.auth.models import Account
from volunteer.clock import utc_now
from volunteer.errors import Conflict, DomainError
from volunteer.extensions import db
from volunteer.teams.queries import live_membership
from volunteer.units.models import Unit

TEAM_FIELDS = ["name", "kind", "unit_id", "description", "disbanded_at"]
MEMBER_FIELDS = ["team_id", "account_id", "is_leader", "skills", "left_at"]
PROJECT_FIELDS = ["name", "unit_id", "description", "closed_at"]


def _audit(
    obj, subject_type: str, action: str, fields: list[str], *, by: Account | None, **kw
) -> None:
    """Record the change of `obj` by `by` (None: the system or the command line)."""
    record_change(
        subject_type=subject_type,
        subject_id=obj.id,
        action=action,
        after=snapshot(obj, fields),
        actor_id=by.id if by is not None else None,
        **kw,
    )


def _check_live_unit(unit: Unit) -> None:
    if unit.is_retired:
        raise DomainError(_("%(name)s 已撤销，请选择其他单位。", name=unit.name))


# Teams --------------------------------------------------------------------------------------


def create_team(
    *, name: str, kind: TeamKind, unit: Unit, description: str | None, by: Account | None
) -> Team:
    """Found a volunteer team owned by a unit."""
    _check_live_unit(unit)
    team = Team(name=name, kind=kind, unit=unit, description=description or None)
    db.session.add(team)
    db.session.flush()
    _audit(team, "team", "team.create", TEAM_FIELDS, unit_id=unit.id, by=by)
    return team


def update_team(
    *,
    team: Team,
    name: str,
    kind: TeamKind,
    unit: Unit,
    description: str | None,
    by: Account | None,
) -> None:
    """Change a team's name, type, owning unit or description."""
    _check_not_disbanded(team)
    if unit.id != team.unit_id:
        _check_live_unit(unit)
    before = snapshot(team, TEAM_FIELDS)
    team.name, team.kind, team.unit, team.description = name, kind, unit, description or None
    db.session.flush()
    _audit(team, "team", "team.update", TEAM_FIELDS, unit_id=unit.id, before=before, by=by)


def _check_not_disbanded(team: Team) -> None:
    if team.disbanded_at is not None:
        raise DomainError(_("该服务队已解散。"))


def disband_team(*, team: Team, by: Account | None, reason: str | None = None) -> None:
    """Disband a team: its members leave (so its leaders no longer run its activities)."""
    _check_not_disbanded(team)
    before = snapshot(team, TEAM_FIELDS)
    now = utc_now()
    for member in list(team.members):
        _end_membership(member, now=now, by=by, reason=_("服务队解散"))
    team.disbanded_at = now
    db.session.flush()
    _audit(
        team,
        "team",
        "team.disband",
        TEAM_FIELDS,
        unit_id=team.unit_id,
        before=before,
        reason=reason,
        by=by,
    )


def add_team_member(
    *,
    team: Team,
    account: Account,
    by: Account | None,
    is_leader: bool = False,
    skills: str | None = None,
) -> TeamMember:
    """Add a registered volunteer to a team, as leader or member, with their skills."""
    _check_not_disbanded(team)
    if not is_registered_volunteer(account):
        raise DomainError(_("只有已注册的志愿者才能加入服务队。"))
    if live_membership(team, account) is not None:
        raise Conflict(_("%(name)s 已在本队中。", name=account.display_name))
    member = TeamMember(
        team_id=team.id, account_id=account.id, is_leader=is_leader, skills=skills or None
    )
    db.session.add(member)
    db.session.flush()
    _audit(member, "team_member", "team_member.add", MEMBER_FIELDS, unit_id=team.unit_id, by=by)
    return member


def update_team_member(
    *, member: TeamMember, is_leader: bool, skills: str | None, by: Account | None
) -> None:
    """Change a member's leader flag or skills."""
    if member.left_at is not None:
        raise DomainError(_("该队员已离队。"))
    before = snapshot(member, MEMBER_FIELDS)
    member.is_leader, member.skills = is_leader, skills or None
    db.session.flush()
    _audit(
        member,
        "team_member",
        "team_member.update",
        MEMBER_FIELDS,
        unit_id=member.team.unit_id,
        before=before,
        by=by,
    )


def remove_team_member(*, member: TeamMember, by: Account | None) -> None:
    """Take a member off the team; the membership stays on record with its end."""
    if member.left_at is not None:
        raise DomainError(_("该队员已离队。"))
    _end_membership(member, now=utc_now(), by=by)
    db.session.flush()


def _end_membership(
    member: TeamMember, *, now, by: Account | None, reason: str | None = None
) -> None:
    before = snapshot(member, MEMBER_FIELDS)
    member.left_at = now
    _audit(
        member,
        "team_member",
        "team_member.remove",
        MEMBER_FIELDS,
        unit_id=member.team.unit_id,
        before=before,
        reason=reason,
        by=by,
    )


# Projects -----------------------------------------------------------------------------------


def create_project(
    *, name: str, unit: Unit, description: str | None, by: Account | None
) -> Project:
    """Start a service project (志愿服务项目/品牌) owned by a unit."""
    _check_live_unit(unit)
    project = Project(name=name, unit=unit, description=description or None)
    db.session.add(project)
    db.session.flush()
    _audit(project, "project", "project.create", PROJECT_FIELDS, unit_id=unit.id, by=by)
    return project


def update_project(
    *, project: Project, name: str, unit: Unit, description: str | None, by: Account | None
) -> None:
    """Change a project's name, owning unit or description."""
    if unit.id != project.unit_id:
        _check_live_unit(unit)
    before = snapshot(project, PROJECT_FIELDS)
    project.name, project.unit, project.description = name, unit, description or None
    db.session.flush()
    _audit(
        project, "project", "project.update", PROJECT_FIELDS, unit_id=unit.id, before=before, by=by
    )


def close_project(*, project: Project, by: Account | None, reason: str | None = None) -> None:
    """Close a project: its activities stay, new ones can no longer join it."""
    if project.closed_at is not None:
        raise DomainError(_("该项目已结束。"))
    before = snapshot(project, PROJECT_FIELDS)
    project.closed_at = utc_now()
    db.session.flush()
    _audit(
        project,
        "project",
        "project.close",
        PROJECT_FIELDS,
        unit_id=project.unit_id,
        before=before,
        reason=reason,
        by=by,
    )
