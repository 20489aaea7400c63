"""Who may reach the activity, category and theme pages (teams and projects: authz_spec_teams)."""

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
    # The list shows only the caller's scope; the unit is picked in the form and checked there.
    "activities.index": Access(Role.COORDINATOR, scoped=False),
    "activities.create": Access(Role.COORDINATOR, scoped=False),
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
    """Create an activity of a team and a project in hospital A and in B."""
    from volunteer.activities.models import Activity, Project, Team, TeamKind
    from volunteer.activities.services import catalogue
    from volunteer.clock import utc_now
    from volunteer.extensions import db

    category = catalogue.create_category(name="权限测试类别", by=None)
    starts = utc_now() + timedelta(days=7)
    activity_ids = []
    for side in ("own", "other"):
        unit = world.units[side]
        team = Team(name="活动应急队" + side, kind=TeamKind.EMERGENCY_MEDICAL, unit=unit)
        project = Project(name="活动项目" + side, unit=unit)
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
        db.session.add_all([team, project, activity])
        db.session.flush()
        activity_ids.append(activity.id)
    db.session.commit()
    return {
        "activity_id": tuple(activity_ids),
        "category_id": (category.id, category.id),
        "year": (2030, 2030),
        "month": (5, 5),
    }
