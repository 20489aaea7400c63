"""Who may reach the team and project pages."""

from datetime import timedelta

from authz import Access

from volunteer.auth.models import Role

SPEC = {
    # Lists show only the caller's scope; the unit is picked in the form and checked there.
    "teams.teams": Access(Role.COORDINATOR, scoped=False),
    "teams.create_team": Access(Role.COORDINATOR, scoped=False),
    "teams.projects": Access(Role.COORDINATOR, scoped=False),
    "teams.create_project": Access(Role.COORDINATOR, scoped=False),
    # A team's leaders may also manage its members and open its roster (tested separately).
    "teams.team": Access(Role.COORDINATOR),
    "teams.edit_team": Access(Role.COORDINATOR),
    "teams.disband_team": Access(Role.COORDINATOR),
    "teams.add_team_member": Access(Role.COORDINATOR),
    "teams.update_team_member": Access(Role.COORDINATOR),
    "teams.remove_team_member": Access(Role.COORDINATOR),
    "teams.callout": Access(Role.COORDINATOR),
    "teams.project": Access(Role.COORDINATOR),
    "teams.edit_project": Access(Role.COORDINATOR),
    "teams.close_project": Access(Role.COORDINATOR),
}


def fillers(world) -> dict[str, tuple]:
    """Create a team with a member and a project, sharing one activity, in hospital A and in B."""
    from volunteer.activities.models import Activity, Project, Team, TeamKind, TeamMember
    from volunteer.activities.services import catalogue
    from volunteer.auth.services import create_account
    from volunteer.clock import local_today, utc_now
    from volunteer.extensions import db
    from volunteer.people.models import StaffMember
    from volunteer.registration.models import Registration, RegistrationStatus

    category = catalogue.create_category(name="队伍权限测试类别", by=None)
    starts = utc_now() + timedelta(days=7)
    values: dict[str, list] = {"team_id": [], "team_member_id": [], "project_id": []}
    for side, staff_no in (("own", "AZ0001"), ("other", "AZ0002")):
        unit = world.units[side]
        staff = StaffMember(unit=unit, name="队员" + side, staff_no=staff_no, phone=None)
        db.session.add(staff)
        db.session.flush()
        account = create_account(
            username=staff_no,
            password="correct-horse-9",
            display_name=staff.name,
            staff_member=staff,
            actor=None,
        )
        db.session.add(
            Registration(
                status=RegistrationStatus.ACTIVE,
                unit_id=unit.id,
                staff_member_id=staff.id,
                account_id=account.id,
                claimed_name=staff.name,
                registered_on=local_today(),
            )
        )
        team = Team(name="应急队" + side, kind=TeamKind.EMERGENCY_MEDICAL, unit=unit)
        project = Project(name="项目" + side, unit=unit)
        db.session.add_all([team, project])
        db.session.flush()
        member = TeamMember(team_id=team.id, account_id=account.id)
        activity = Activity(
            title="队伍活动" + side,
            category=category,
            unit=unit,
            place="门诊大厅",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            team=team,
            project=project,
        )
        db.session.add_all([member, activity])
        db.session.flush()
        values["team_id"].append(team.id)
        values["team_member_id"].append(member.id)
        values["project_id"].append(project.id)
    db.session.commit()
    return {key: tuple(pair) for key, pair in values.items()}
