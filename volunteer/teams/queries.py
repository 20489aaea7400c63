"""Reads about teams and projects: lists, rosters, member search, what an activity may join."""

from __future__ import annotations

from sqlalchemy import Select, exists, func, or_, select

from volunteer.activities.models import Activity, ActivityStatus, Project, Team, TeamMember
from volunteer.activities.queries.activities import led_team_ids
from volunteer.activities.queries.signups import person_columns
from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import unit_scope_clause
from volunteer.clock import utc_now
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.people.search import matching
from volunteer.people.search_text import read_person_query
from volunteer.registration.models import Registration, RegistrationStatus
from volunteer.units.models import Unit

MEMBER_CANDIDATE_LIMIT = 20


def teams_led_by(viewer: Account) -> list[Team]:
    """List the live teams the viewer currently leads."""
    return list(
        db.session.scalars(
            select(Team)
            .where(Team.id.in_(led_team_ids(viewer)), Team.disbanded_at.is_(None))
            .order_by(Team.name)
        )
    )


def teams_in_scope(viewer: Account, *, include_disbanded: bool = False) -> Select:
    """Select the teams of units in the viewer's coordinator scope, each with its head count."""
    members = (
        select(TeamMember.team_id, func.count().label("members"))
        .where(TeamMember.left_at.is_(None))
        .group_by(TeamMember.team_id)
        .subquery()
    )
    query = (
        select(Team, func.coalesce(members.c.members, 0).label("members"))
        .join(Unit, Team.unit_id == Unit.id)
        .outerjoin(members, members.c.team_id == Team.id)
        .where(unit_scope_clause(viewer, Role.COORDINATOR))
        .order_by(Team.disbanded_at.is_not(None), Unit.path, Team.name)
    )
    if not include_disbanded:
        query = query.where(Team.disbanded_at.is_(None))
    return query


def team_choices(viewer: Account) -> list[Team]:
    """List live teams an activity of the viewer may belong to: in scope, or led by them."""
    in_scope = (
        select(Team.id)
        .join(Unit, Team.unit_id == Unit.id)
        .where(unit_scope_clause(viewer, Role.COORDINATOR))
    )
    return list(
        db.session.scalars(
            select(Team)
            .where(
                Team.disbanded_at.is_(None),
                or_(Team.id.in_(in_scope), Team.id.in_(led_team_ids(viewer))),
            )
            .order_by(Team.name)
        )
    )


def projects_in_scope(viewer: Account, *, include_closed: bool = True) -> Select:
    """Select the projects of units in the viewer's coordinator scope, each with its activities."""
    counts = (
        select(Activity.project_id, func.count().label("activities"))
        .where(Activity.project_id.is_not(None))
        .group_by(Activity.project_id)
        .subquery()
    )
    query = (
        select(Project, func.coalesce(counts.c.activities, 0).label("activities"))
        .join(Unit, Project.unit_id == Unit.id)
        .outerjoin(counts, counts.c.project_id == Project.id)
        .where(unit_scope_clause(viewer, Role.COORDINATOR))
        .order_by(Project.closed_at.is_not(None), Unit.path, Project.name)
    )
    if not include_closed:
        query = query.where(Project.closed_at.is_(None))
    return query


def project_choices(viewer: Account, *, units: list[Unit]) -> list[Project]:
    """List open projects owned by any of `units` (the units the viewer may organise for)."""
    if not units:
        return []
    return list(
        db.session.scalars(
            select(Project)
            .where(Project.closed_at.is_(None), Project.unit_id.in_([u.id for u in units]))
            .order_by(Project.name)
        )
    )


def project_activities(project: Project) -> Select:
    """Select a project's activities, latest first."""
    return (
        select(Activity)
        .where(Activity.project_id == project.id)
        .order_by(Activity.starts_at.desc(), Activity.id.desc())
    )


def team_activities(team: Team, *, limit: int = 20) -> list[Activity]:
    """List a team's activities that have not ended, soonest first."""
    return list(
        db.session.scalars(
            select(Activity)
            .where(
                Activity.team_id == team.id,
                Activity.status != ActivityStatus.CANCELLED,
                Activity.ends_at > utc_now(),
            )
            .order_by(Activity.starts_at)
            .limit(limit)
        )
    )


def team_members(team: Team) -> list:
    """Return a team's live members, leaders first, with name, unit and phone for a call-out.

    Rows have `TeamMember`, `name`, `unit_name` and `phone`.
    """
    return list(
        db.session.execute(
            select(TeamMember, *person_columns())
            .join(Account, TeamMember.account_id == Account.id)
            .outerjoin(StaffMember, Account.staff_member_id == StaffMember.id)
            .outerjoin(Registration, Registration.account_id == Account.id)
            .outerjoin(Unit, Unit.id == func.coalesce(StaffMember.unit_id, Registration.unit_id))
            .where(TeamMember.team_id == team.id, TeamMember.left_at.is_(None))
            .order_by(TeamMember.is_leader.desc(), TeamMember.joined_at, TeamMember.id)
        )
    )


def _catchment(team: Team) -> Select:
    """Select the ids of active volunteers whose unit lies in the team's unit subtree."""
    return (
        select(Account.id)
        .join(Registration, Registration.account_id == Account.id)
        .outerjoin(StaffMember, Account.staff_member_id == StaffMember.id)
        .join(Unit, Unit.id == func.coalesce(StaffMember.unit_id, Registration.unit_id))
        .where(
            Registration.status == RegistrationStatus.ACTIVE,
            Account.active.is_(True),
            Unit.path.startswith(team.unit.path, autoescape=True),
        )
    )


def in_team_catchment(team: Team, account: Account) -> bool:
    """Say whether the account is an active volunteer the team may draw on."""
    return bool(db.session.scalar(select(exists(_catchment(team).where(Account.id == account.id)))))


def member_candidates(team: Team, search: str) -> list:
    """Find registered volunteers for a team by name, whole 工号 or whole phone, in its unit.

    A commission-level team draws from every unit below it, a hospital's team from that
    hospital. The text is read as every search box reads it (people/search_text.py), so a run
    of digits names nobody. Rows have `Account`, `name`, `staff_no`, `unit_name`, `phone` and
    `in_team`.
    """
    query = read_person_query(search)
    if query is None:
        return []
    in_team = exists().where(
        TeamMember.team_id == team.id,
        TeamMember.account_id == Account.id,
        TeamMember.left_at.is_(None),
    )
    return list(
        db.session.execute(
            select(
                Account,
                *person_columns(),
                StaffMember.staff_no.label("staff_no"),
                in_team.label("in_team"),
            )
            .join(Registration, Registration.account_id == Account.id)
            .outerjoin(StaffMember, Account.staff_member_id == StaffMember.id)
            .join(Unit, Unit.id == func.coalesce(StaffMember.unit_id, Registration.unit_id))
            .where(
                Registration.status == RegistrationStatus.ACTIVE,
                Account.active.is_(True),
                Unit.path.startswith(team.unit.path, autoescape=True),
                matching(
                    query,
                    name=func.coalesce(StaffMember.name, Registration.claimed_name),
                    staff_no=StaffMember.staff_no,
                    phones=[Registration.phone, Account.phone],
                ),
            )
            .order_by(Unit.path, StaffMember.staff_no, Account.id)
            .limit(MEMBER_CANDIDATE_LIMIT)
        )
    )


def live_membership(team: Team, account: Account) -> TeamMember | None:
    """Return the account's current membership of the team."""
    return db.session.scalar(
        select(TeamMember).where(
            TeamMember.team_id == team.id,
            TeamMember.account_id == account.id,
            TeamMember.left_at.is_(None),
        )
    )
