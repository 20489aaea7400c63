"""Who may reach the activity, team, project, category and theme pages."""

from datetime import timedelta

from authz import LOGIN, Access

from volunteer.auth.models import Role

SPEC = {
    # Categories and monthly themes are one list for the whole organisation.
    "activities.categories": Access(Role.ADMIN, scoped=False),
    "activities.rename_category": Access(Role.ADMIN, scoped=False),
    "activities.move_category": Access(Role.ADMIN, scoped=False),
    "activities.retire_category": Access(Role.ADMIN, scoped=False),
    "activities.restore_category": Access(Role.ADMIN, scoped=False),
    "activities.themes": Access(Role.ADMIN, scoped=False),
    "activities.edit_theme": Access(Role.ADMIN, scoped=False),
    # Lists show only the caller's scope; the unit is picked in the form and checked there.
    "activities.teams": Access(Role.COORDINATOR, scoped=False),
    "activities.create_team": Access(Role.COORDINATOR, scoped=False),
    "activities.projects": Access(Role.COORDINATOR, scoped=False),
    "activities.create_project": Access(Role.COORDINATOR, scoped=False),
    "activities.index": Access(Role.COORDINATOR, scoped=False),
    "activities.create": Access(Role.COORDINATOR, scoped=False),
    # A team's leaders may also manage its members and open its roster (tested separately).
    "activities.team": Access(Role.COORDINATOR),
    "activities.edit_team": Access(Role.COORDINATOR),
    "activities.disband_team": Access(Role.COORDINATOR),
    "activities.add_team_member": Access(Role.COORDINATOR),
    "activities.update_team_member": Access(Role.COORDINATOR),
    "activities.remove_team_member": Access(Role.COORDINATOR),
    "activities.callout": Access(Role.COORDINATOR),
    "activities.project": Access(Role.COORDINATOR),
    "activities.edit_project": Access(Role.COORDINATOR),
    "activities.close_project": Access(Role.COORDINATOR),
    "activities.edit": Access(Role.COORDINATOR),
    "activities.cancel": Access(Role.COORDINATOR),
    # Volunteers browse every unit's activities; signing up needs a registration, not a role.
    "activities.detail": LOGIN,
    "activities.browse": LOGIN,
    "activities.sign_up": LOGIN,
    "activities.withdraw": LOGIN,
    "activities.mine": LOGIN,
}


def fillers(world) -> dict[str, tuple]:
    """Create a team (with a member), a project and an activity in hospital A and in B."""
    from volunteer.activities import services
    from volunteer.activities.models import Activity, Project, Team, TeamKind, TeamMember
    from volunteer.clock import local_today, utc_now
    from volunteer.extensions import db
    from volunteer.people.models import StaffMember
    from volunteer.registration.models import Registration, RegistrationStatus

    category = services.create_category(name="权限测试类别")
    starts = utc_now() + timedelta(days=7)
    values: dict[str, list] = {"team_id": [], "team_member_id": [], "project_id": []}
    values["activity_id"] = []
    for side, staff_no in (("own", "AZ0001"), ("other", "AZ0002")):
        unit = world.units[side]
        staff = StaffMember(unit=unit, name="队员" + side, staff_no=staff_no, phone=None)
        db.session.add(staff)
        db.session.flush()
        from volunteer.auth.services import create_account

        account = create_account(
            username=staff_no,
            password="correct-horse-9",
            display_name=staff.name,
            staff_member=staff,
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
            title="活动" + side,
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
        values["activity_id"].append(activity.id)
    db.session.commit()
    result = {key: tuple(pair) for key, pair in values.items()}
    result["category_id"] = (category.id, category.id)
    result["year"] = (2030, 2030)
    result["month"] = (5, 5)
    return result
