"""Activities and volunteers' sign-ups; the category and theme pages are in catalogue_views.py."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.activities import queries, services
from volunteer.activities.access import can_run_activity, require_run_activity
from volunteer.activities.forms import (
    AUTO_THEME,
    NO_THEME,
    ActivityForm,
    CancelActivityForm,
    theme_choice_value,
)
from volunteer.activities.models import (
    Activity,
    Category,
    MonthlyTheme,
    Project,
    SignupStatus,
    Team,
)
from volunteer.auth.models import Role
from volunteer.auth.permissions import has_role
from volunteer.clock import local_today, local_zone, utc_now
from volunteer.core.pagination import paginate
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.teams import queries as team_queries
from volunteer.units.models import Unit

bp = Blueprint("activities", __name__)

PAGE_SIZE = 20
TABS = ("upcoming", "past", "cancelled")


@bp.context_processor
def inject_now():
    """Give this blueprint's pages the current moment (started or not, printed at)."""
    return {"now": utc_now()}


@bp.app_template_filter("local_minute")
def local_minute(moment) -> str:
    """Show an aware moment as local 2024-03-01 08:30."""
    return moment.astimezone(local_zone()).strftime("%Y-%m-%d %H:%M") if moment else ""


@bp.app_template_global("activity_period")
def activity_period(activity: Activity) -> str:
    """Show an activity's start and end, the end's date only when it differs."""
    starts = activity.starts_at.astimezone(local_zone())
    ends = activity.ends_at.astimezone(local_zone())
    end_format = "%H:%M" if starts.date() == ends.date() else "%Y-%m-%d %H:%M"
    return f"{starts:%Y-%m-%d %H:%M} – {ends.strftime(end_format)}"


def commit_or_flash(change, success: str) -> bool:
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


# Activities (organisers) --------------------------------------------------------------------


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
    tab = request.args.get("tab") if request.args.get("tab") in TABS else "upcoming"
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
        confirmed=queries.confirmed_by_activity(page.items),
        tab=tab,
        filters=filters,
        categories=queries.categories(),
        teams=team_queries.team_choices(current_user),
        projects=team_queries.project_choices(current_user, units=units),
    )


class _Choices:
    """What an organiser may pick on the activity form, and the rules for the picked unit."""

    def __init__(self, activity: Activity | None = None):
        self.scope_units = queries.live_units_in_scope(current_user)
        self.led_teams = team_queries.teams_led_by(current_user)
        units = list(self.scope_units)
        for team in self.led_teams:
            if team.unit not in units:
                units.append(team.unit)
        if activity is not None and activity.unit not in units:
            units.insert(0, activity.unit)
        self.units = units
        self.teams = team_queries.team_choices(current_user)
        if activity is not None and activity.team is not None and activity.team not in self.teams:
            self.teams.insert(0, activity.team)
        self.projects = team_queries.project_choices(current_user, units=units)
        if activity is not None and activity.project and activity.project not in self.projects:
            self.projects.insert(0, activity.project)
        self.categories = queries.categories(active_only=True)
        if activity is not None and activity.category not in self.categories:
            self.categories.insert(0, activity.category)
        day = activity.starts_at.astimezone(local_zone()).date() if activity else local_today()
        self.themes = queries.themes_around(day)
        if activity is not None and activity.theme and activity.theme not in self.themes:
            self.themes.insert(0, activity.theme)
        self.current_theme = queries.theme_for(local_today())

    def apply(self, form: ActivityForm, *, new: bool) -> None:
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
        """Say why the user may not organise for `unit` (with `team`), or None when they may."""
        if unit in self.scope_units:
            return None
        if team is not None and team in self.led_teams and team.unit_id == unit.id:
            return None
        return _("服务队长只能为自己带领的服务队组织活动，组织单位须为该队所属单位。")


def _details(form: ActivityForm) -> services.ActivityDetails:
    """Turn a valid form into the service's details; the theme 'auto' means the start month's."""
    if form.theme.data == AUTO_THEME:
        theme = queries.theme_for(form.starts_at.data.astimezone(local_zone()).date())
    elif form.theme.data == NO_THEME:
        theme = None
    else:
        theme = db.session.get(MonthlyTheme, int(form.theme.data))
    return services.ActivityDetails(
        title=form.title.data,
        category=db.session.get(Category, form.category_id.data),
        theme=theme,
        unit=db.session.get(Unit, form.unit_id.data),
        team=db.session.get(Team, form.team_id.data) if form.team_id.data else None,
        project=db.session.get(Project, form.project_id.data) if form.project_id.data else None,
        place=form.place.data,
        starts_at=form.starts_at.data,
        ends_at=form.ends_at.data,
        capacity=form.capacity.data,
        signup_required=form.signup_required.data,
        static_code_allowed=form.static_code_allowed.data,
        description=form.description.data,
        contact=form.contact.data,
    )


@bp.route("/activities/new", methods=["GET", "POST"])
@login_required
def create():
    """Schedule an activity for a unit in scope, or for a team the user leads."""
    led = _require_organiser()
    choices = _Choices()
    form = ActivityForm()
    choices.apply(form, new=True)
    if request.method == "GET":
        team = db.session.get(Team, request.args.get("team", 0, type=int))
        if team is not None and team in choices.teams:
            form.team_id.data, form.unit_id.data = team.id, team.unit_id
        elif not choices.scope_units and led:
            form.team_id.data, form.unit_id.data = led[0].id, led[0].unit_id
    if form.validate_on_submit():
        details = _details(form)
        refusal = choices.refusal(details.unit, details.team)
        if refusal:
            form.unit_id.errors.append(refusal)
        else:
            try:
                activity = services.create_activity(details=details, created_by=current_user)
            except DomainError as error:
                db.session.rollback()
                flash(error.message, "error")
            else:
                db.session.commit()
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
    choices = _Choices(activity)
    form = ActivityForm(obj=activity)
    choices.apply(form, new=False)
    if request.method == "GET":
        form.theme.data = theme_choice_value(activity.theme)
    if form.validate_on_submit():
        details = _details(form)
        # Keeping what it already has is always fine; a new unit or team must be the user's.
        changed_owner = (details.unit.id, details.team) != (activity.unit_id, activity.team)
        refusal = changed_owner and choices.refusal(details.unit, details.team)
        if refusal:
            form.unit_id.errors.append(refusal)
        elif commit_or_flash(
            lambda: services.update_activity(activity=activity, details=details), _("已保存。")
        ):
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
    if form.validate_on_submit() and commit_or_flash(
        lambda: services.cancel_activity(activity=activity, reason=form.reason.data),
        _("活动 %(number)s 已取消。", number=activity.number),
    ):
        return redirect(url_for(".detail", activity_id=activity.id))
    return render_template(
        "activities/cancel.html",
        form=form,
        activity=activity,
        blocked=queries.has_counting_records(activity),
        confirmed=queries.confirmed_count(activity),
    )


@bp.route("/activities/<int:activity_id>")
@login_required
def detail(activity_id: int):
    """Show an activity: its facts, the user's sign-up, and for organisers the sign-up list."""
    activity = db.get_or_404(Activity, activity_id)
    runs = can_run_activity(current_user, activity)
    signup = queries.signup_of(current_user, activity)
    if signup is not None and signup.status == SignupStatus.CANCELLED:
        signup = None
    return render_template(
        "activities/detail.html",
        activity=activity,
        runs=runs,
        signup=signup,
        position=queries.waiting_position(signup) if signup else None,
        confirmed=queries.confirmed_count(activity),
        waitlisted=queries.waitlisted_count(activity),
        signups=queries.activity_signups(activity) if runs else [],
        registered=queries.is_registered_volunteer(current_user),
        started=services.has_started(activity),
    )


# Volunteers: browse and sign up -------------------------------------------------------------


@bp.route("/activities/upcoming")
@login_required
def browse():
    """List the organisation's coming activities with places left, for volunteers."""
    category_id = request.args.get("category", type=int)
    unit = db.session.get(Unit, request.args.get("unit", 0, type=int))
    page = paginate(
        queries.upcoming_for_volunteers(category_id=category_id, unit=unit), per_page=PAGE_SIZE
    )
    return render_template(
        "activities/browse.html",
        page=page,
        confirmed=queries.confirmed_by_activity(page.items),
        my_statuses=queries.my_statuses(current_user, page.items),
        category_id=category_id,
        unit=unit,
        categories=queries.categories(),
        units=queries.browse_units(),
        registered=queries.is_registered_volunteer(current_user),
    )


def _back(activity: Activity):
    """Return to the page the sign-up button was on."""
    target = request.form.get("back")
    if target == "browse":
        return redirect(url_for(".browse"))
    if target == "mine":
        return redirect(url_for(".mine"))
    return redirect(url_for(".detail", activity_id=activity.id))


@bp.route("/activities/<int:activity_id>/signup", methods=["POST"])
@login_required
def sign_up(activity_id: int):
    """Sign up for an activity, or join its waiting list when it is full."""
    activity = db.get_or_404(Activity, activity_id)
    try:
        signup = services.sign_up(activity=activity, account=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _back(activity)
    db.session.commit()
    if signup.status == SignupStatus.WAITLISTED:
        flash(
            _(
                "名额已满，您已进入候补名单（第 %(n)d 位）；有人取消时按顺序递补。",
                n=queries.waiting_position(signup),
            ),
            "info",
        )
    else:
        flash(_("报名成功：%(title)s。", title=activity.title), "success")
    return _back(activity)


@bp.route("/activities/<int:activity_id>/withdraw", methods=["POST"])
@login_required
def withdraw(activity_id: int):
    """Withdraw a sign-up; a freed place goes to the first on the waiting list."""
    activity = db.get_or_404(Activity, activity_id)
    commit_or_flash(
        lambda: services.withdraw(activity=activity, account=current_user), _("已取消报名。")
    )
    return _back(activity)


@bp.route("/my/activities")
@login_required
def mine():
    """List the user's coming sign-ups: confirmed, or waiting with their place in line."""
    return render_template(
        "activities/mine.html",
        rows=queries.my_upcoming_signups(current_user),
        led_teams=team_queries.teams_led_by(current_user),
    )


# The categories and monthly themes pages live beside this module and register on the same bp.
from volunteer.activities import catalogue_views  # noqa: E402, F401
