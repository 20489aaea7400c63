"""An activity's page, and volunteers browsing activities and signing up for them."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.activities.access import can_run_activity
from volunteer.activities.blueprint import bp
from volunteer.activities.models import Activity, SignupStatus
from volunteer.activities.queries import activities as activity_queries
from volunteer.activities.queries import catalogue
from volunteer.activities.queries import signups as queries
from volunteer.activities.services import signups as services
from volunteer.clock import utc_now
from volunteer.core.edge import refusal_flashed
from volunteer.core.pagination import paginate
from volunteer.extensions import db
from volunteer.records.queries.closing import closing_of
from volunteer.teams import queries as team_queries
from volunteer.units.models import Unit

PAGE_SIZE = 20


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
        seats=queries.places_of(activity),
        waitlisted=queries.waitlisted_count(activity),
        signups=queries.activity_signups(activity) if runs else [],
        registered=queries.is_registered_volunteer(current_user),
        closing=closing_of(activity, utc_now()) if runs else None,
    )


@bp.route("/activities/upcoming")
@login_required
def browse():
    """List the organisation's coming activities with places left, for volunteers."""
    category_id = request.args.get("category", type=int)
    unit = db.session.get(Unit, request.args.get("unit", 0, type=int))
    page = paginate(
        activity_queries.upcoming_for_volunteers(category_id=category_id, unit=unit),
        per_page=PAGE_SIZE,
    )
    return render_template(
        "activities/browse.html",
        page=page,
        seats=queries.places_by_activity(page.items),
        my_statuses=queries.my_statuses(current_user, page.items),
        category_id=category_id,
        unit=unit,
        categories=catalogue.categories(),
        units=activity_queries.browse_units(),
        registered=queries.is_registered_volunteer(current_user),
    )


def _back_url(activity: Activity) -> str:
    """Return the page the sign-up button was on."""
    target = request.form.get("back")
    if target == "browse":
        return url_for(".browse")
    if target == "mine":
        return url_for(".mine")
    return url_for(".detail", activity_id=activity.id)


def _back(activity: Activity):
    """Return to the page the sign-up button was on."""
    return redirect(_back_url(activity))


@bp.route("/activities/<int:activity_id>/signup", methods=["POST"])
@login_required
def sign_up(activity_id: int):
    """Sign up for an activity, or join its waiting list when it is full."""
    activity = db.get_or_404(Activity, activity_id)
    with refusal_flashed():
        signup = services.sign_up(activity=activity, account=current_user)
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
    """Withdraw a sign-up, once confirmed; a freed place goes to the first on the waiting list."""
    activity = db.get_or_404(Activity, activity_id)
    signup = queries.signup_of(current_user, activity)
    # The list's button posts without confirm=1: first say what withdrawing gives up (unless
    # the service will refuse anyway, which then says why).
    if (
        request.form.get("confirm") != "1"
        and signup is not None
        and signup.status != SignupStatus.CANCELLED
        and not activity.has_started
    ):
        return render_template(
            "activities/withdraw.html",
            activity=activity,
            signup=signup,
            waiting=signup.status == SignupStatus.WAITLISTED,
            position=queries.waiting_position(signup),
            seats=queries.places_of(activity),
            waitlisted=queries.waitlisted_count(activity),
            back=request.form.get("back"),
            back_url=_back_url(activity),
        )
    with refusal_flashed():
        services.withdraw(activity=activity, account=current_user)
        flash(_("已取消报名。"), "success")
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
