"""A personal code is a link: a coordinator scanning it with WeChat or the phone's own camera app
(a plain-http intranet, where browsers refuse the in-page camera) lands here, logs in once
(remembered on the phone), sees the person and one button for the activity chosen once."""

from __future__ import annotations

from typing import NoReturn

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.activities.access import runnable_activity
from volunteer.clock import utc_now
from volunteer.core.edge import refusal_flashed
from volunteer.core.redirects import back_to
from volunteer.extensions import limiter, login_manager
from volunteer.records.models import RecordSource
from volunteer.scanner import personal_scan
from volunteer.scanner.blueprint import bp
from volunteer.scanner.forms import ChooseActivityForm, PersonalScanForm
from volunteer.scanner.models import VolunteerCode
from volunteer.scanner.services import scans

# The link's path is uppercase, so the whole link is alphanumeric in the QR code.
PREFIX = "/P/"


def _refuse(message: str) -> NoReturn:
    """Stop with a page saying why the code is not honoured; nothing is written."""
    page = render_template("scanner/personal/refused.html", message=message)
    abort(make_response(page, 410))


def _scanned_code(token: str) -> VolunteerCode:
    """Return the code of a link valid now, or when this phone first opened it (login may take
    longer than a rotating code lives); remember that first opening."""
    opened_at = personal_scan.scanned_at(token)
    try:
        code = scans.code_for_token(token, opened_at or utc_now())
    except scans.ScanRefused as refusal:
        _refuse(refusal.message)
    if opened_at is None:
        personal_scan.remember_scan(token, utc_now())
    return code


@bp.route(PREFIX + "<personal_token>")
@limiter.limit(
    lambda: current_app.config["PUBLIC_RATE_LIMIT"],
    # Only refused codes count: a guessing phone is stopped, a busy coordinator is not.
    deduct_when=lambda response: response.status_code >= 400,
)
def personal_code(personal_token: str):
    """Show the scanned volunteer and the one button that applies at the current activity.

    A GET writes nothing but the session: WeChat fetches links to draw their previews.
    """
    code = _scanned_code(personal_token)
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    personal_scan.require_scanner()
    activity = personal_scan.current_activity()
    choosing = activity is None or request.args.get("change") == "1"
    choose_form = ChooseActivityForm(next=url_for(".personal_code", personal_token=personal_token))
    response = make_response(
        render_template(
            "scanner/personal/code.html",
            token=personal_token,
            person=personal_scan.person_of(code),
            activity=activity,
            choices=personal_scan.activities_to_choose(current_user) if choosing else [],
            choosing=choosing,
            form=PersonalScanForm(),
            choose_form=choose_form,
        )
    )
    response.cache_control.no_store = True
    return response


def _act(token: str, *, signing_in: bool):
    """Sign the scanned person in or out of the current activity: an explicit action."""
    personal_scan.require_scanner()
    code = _scanned_code(token)
    back = redirect(url_for(".personal_code", personal_token=token))
    activity = personal_scan.current_activity()
    if activity is None:
        flash(_("请先选择本机签到的活动。"), "error")
        return back
    if not PersonalScanForm().validate_on_submit():
        flash(_("页面已过期，请重新扫码。"), "error")
        return back
    with refusal_flashed():
        if signing_in:
            result = scans.sign_in_by_hand(
                account=code.account,
                activity=activity,
                by=current_user,
                source=RecordSource.COORDINATOR_SCAN,
            )
        else:
            result = scans.sign_out_by_hand(
                account=code.account, activity=activity, by=current_user
            )
        flash(result.message, "success" if result.outcome != scans.Outcome.ALREADY else "info")
    return back


@bp.route(PREFIX + "<personal_token>/sign-in", methods=["POST"])
@login_required
def personal_sign_in(personal_token: str):
    """Sign the scanned volunteer in at the coordinator's current activity."""
    return _act(personal_token, signing_in=True)


@bp.route(PREFIX + "<personal_token>/sign-out", methods=["POST"])
@login_required
def personal_sign_out(personal_token: str):
    """Sign the scanned volunteer out of the coordinator's current activity."""
    return _act(personal_token, signing_in=False)


@bp.route("/activities/<int:activity_id>/scanner/current", methods=["POST"])
@login_required
def choose_activity(activity_id: int):
    """Make the activity the one this phone signs scanned personal codes in to."""
    activity = runnable_activity(activity_id)
    if ChooseActivityForm().validate_on_submit():
        personal_scan.choose_activity(activity)
        flash(_("本机扫码将签到到「%(title)s」。", title=activity.title), "success")
    return redirect(back_to(url_for(".scanner", activity_id=activity.id)))
