"""What an organiser may pick on the activity form, and the filled form as the service's details."""

from __future__ import annotations

from flask_babel import gettext as _

from volunteer.activities.forms import AUTO_THEME, NO_THEME, ActivityForm
from volunteer.activities.models import Activity, Category, MonthlyTheme, Project, Team
from volunteer.activities.queries import catalogue
from volunteer.activities.queries.activities import live_units_in_scope
from volunteer.activities.services.activities import ActivityDetails
from volunteer.auth.models import Account
from volunteer.clock import local_day, local_today
from volunteer.extensions import db
from volunteer.teams import queries as team_queries
from volunteer.units.models import Unit


class ActivityChoices:
    """The units, teams, projects, categories and themes `viewer` may pick for an activity.

    What an existing activity already has stays offered even when it is no longer the
    viewer's to pick (a retired category, a team they no longer lead).
    """

    def __init__(self, viewer: Account, activity: Activity | None = None):
        self.scope_units = live_units_in_scope(viewer)
        self.led_teams = team_queries.teams_led_by(viewer)
        units = list(self.scope_units)
        for team in self.led_teams:
            if team.unit not in units:
                units.append(team.unit)
        if activity is not None and activity.unit not in units:
            units.insert(0, activity.unit)
        self.units = units
        self.teams = team_queries.team_choices(viewer)
        if activity is not None and activity.team is not None and activity.team not in self.teams:
            self.teams.insert(0, activity.team)
        self.projects = team_queries.project_choices(viewer, units=units)
        if activity is not None and activity.project and activity.project not in self.projects:
            self.projects.insert(0, activity.project)
        self.categories = catalogue.categories(active_only=True)
        if activity is not None and activity.category not in self.categories:
            self.categories.insert(0, activity.category)
        day = local_day(activity.starts_at) if activity else local_today()
        self.themes = catalogue.themes_around(day)
        if activity is not None and activity.theme and activity.theme not in self.themes:
            self.themes.insert(0, activity.theme)
        self.current_theme = catalogue.theme_for(local_today())

    def apply(self, form: ActivityForm, *, new: bool) -> None:
        """Fill the form's select fields with these choices."""
        form.unit_id.choices = [(unit.id, unit.name) for unit in self.units]
        form.team_id.choices = [(None, _("（不属于服务队）"))] + [
            (team.id, team.name) for team in self.teams
        ]
        form.project_id.choices = [(None, _("（不属于项目）"))] + [
            (project.id, f"{project.name}（{project.unit.name}）") for project in self.projects
        ]
        form.category_id.choices = [(None, _("（请选择）"))] + [
            (category.id, category.name) for category in self.categories
        ]
        auto = [(AUTO_THEME, _("按开始月份自动选择"))] if new else []
        form.theme.choices = [
            *auto,
            (NO_THEME, _("（无主题）")),
            *((str(t.id), f"{t.year}-{t.month:02d} {t.title}") for t in self.themes),
        ]

    def refusal(self, unit: Unit, team: Team | None) -> str | None:
        """Say why the viewer may not organise for `unit` (with `team`), or None when they may."""
        if unit in self.scope_units:
            return None
        if team is not None and team in self.led_teams and team.unit_id == unit.id:
            return None
        return _("服务队长只能为自己带领的服务队组织活动，组织单位须为该队所属单位。")


def details_from(form: ActivityForm) -> ActivityDetails:
    """Turn a valid form into the service's details; the theme 'auto' means the start month's."""
    starts_at, ends_at = form.starts_at.data, form.ends_at.data
    assert starts_at is not None and ends_at is not None  # required: the form validated
    if form.theme.data == AUTO_THEME:
        theme = catalogue.theme_for(local_day(starts_at))
    elif form.theme.data == NO_THEME:
        theme = None
    else:
        theme = db.session.get(MonthlyTheme, int(form.theme.data))
    return ActivityDetails(
        title=form.title.data,
        category=db.get_or_404(Category, form.category_id.data),
        theme=theme,
        unit=db.get_or_404(Unit, form.unit_id.data),
        team=db.session.get(Team, form.team_id.data) if form.team_id.data else None,
        project=db.session.get(Project, form.project_id.data) if form.project_id.data else None,
        place=form.place.data,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=form.capacity.data,
        signup_required=form.signup_required.data,
        static_code_allowed=form.static_code_allowed.data,
        description=form.description.data,
        contact=form.contact.data,
    )
