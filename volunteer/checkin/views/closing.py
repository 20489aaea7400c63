"""The end of an activity: the coordinator signs out everyone still signed in, after confirming."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.activities.access import runnable_activity
from volunteer.checkin.blueprint import bp
from volunteer.checkin.forms import ScanConfirmForm
from volunteer.clock import utc_now
from volunteer.records.queries.closing import closing_of, still_signed_in
from volunteer.records.services import closing as services


@bp.route("/activities/<int:activity_id>/sign-out-everyone", methods=["GET", "POST"])
@login_required
def sign_out_everyone(activity_id: int):
    """Show who is still signed in and what each would be credited; the POST signs them out."""
    activity = runnable_activity(activity_id)
    form = ScanConfirmForm()
    # Only the confirmation page's button carries confirm=1; any other POST shows that page.
    if form.validate_on_submit() and request.form.get("confirm") == "1":
        done = services.sign_out_everyone(activity=activity, by=current_user._get_current_object())
        flash(*_done_message(done))
        return redirect(url_for("activities.detail", activity_id=activity.id))
    now = utc_now()
    closing = closing_of(activity, now)
    return render_template(
        "checkin/sign_out_everyone.html",
        activity=activity,
        form=form,
        now=now,
        closing=closing,
        leaving=still_signed_in(activity, now) if closing.is_open else [],
    )


def _done_message(done: services.SignedOutEveryone) -> tuple[str, str]:
    """Say how many were signed out and how many of them wait for a review."""
    if not done.count:
        return _("没有仍在签到中的人，无需签退。"), "info"
    if done.waiting:
        return _(
            "已为 %(count)d 人签退，其中 %(waiting)d 人当日累计时长较长，需管理员审核后计入。",
            count=done.count,
            waiting=done.waiting,
        ), "success"
    return _("已为 %(count)d 人签退，时长已按规则计入。", count=done.count), "success"
