"""The activity screen at the door: its page and the state it polls."""

from __future__ import annotations

import base64
from datetime import datetime

from flask import current_app, jsonify, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from volunteer.activities.access import runnable_activity
from volunteer.activities.models import Activity
from volunteer.checkin import queries, short_tokens, tokens
from volunteer.checkin.blueprint import bp
from volunteer.checkin.tickets import secret_key
from volunteer.checkin.wording import activity_when
from volunteer.clock import local_day, utc_now
from volunteer.core.masking import mask_name
from volunteer.core.times import hhmm
from volunteer.records import rules
from volunteer.records.settings import hour_rules
from volunteer.registration.qr import SCAN_CORRECTION, svg_qr_code


def screen_state(activity: Activity, now: datetime) -> dict:
    """Everything the screen shows at `now`: the code (when one may be used), counts, latest."""
    config, hours = current_app.config, hour_rules()
    opens_at = rules.sign_in_opens_at(activity.starts_at, hours)
    closes_at = rules.sign_out_closes_at(activity.ends_at, hours)
    if activity.is_cancelled:
        phase, message = "cancelled", _("活动已取消")
    elif now < opens_at:
        phase, message = "not_open", _("签到将于%(time)s开始", time=hhmm(opens_at))
    elif now < activity.ends_at:
        phase, message = "open", _("请用微信或手机相机扫码签到 / 签退")
    elif now < closes_at:
        phase, message = "closing", _("活动已结束，请扫码签退")
    else:
        phase, message = "over", _("活动已结束")
    qr = None
    if phase in ("open", "closing"):
        token = tokens.activity_token(
            secret_key(), activity.token_key, now, config["QR_ROTATE_SECONDS"]
        )
        link = short_tokens.qr_link(url_for(".scan", qr_token=token, _external=True))
        svg = svg_qr_code(link, SCAN_CORRECTION)
        qr = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    day = local_day(now)
    counts = queries.screen_counts(activity, day)
    labels = {queries.SIGN_IN: _("签到"), queries.SIGN_OUT: _("签退")}
    return {
        "phase": phase,
        "message": message,
        "qr": qr,
        "seconds_left": tokens.seconds_left(now, config["QR_ROTATE_SECONDS"]),
        "rotate_seconds": config["QR_ROTATE_SECONDS"],
        # How long the code shown now is still accepted: what a screen that loses the network
        # can promise the hall (the window it was made in, plus the accept period).
        "valid_seconds": config["QR_ACCEPT_SECONDS"]
        - (config["QR_ROTATE_SECONDS"] - tokens.seconds_left(now, config["QR_ROTATE_SECONDS"])),
        "counts": {"signed_in": counts.signed_in, "signed_out": counts.signed_out},
        "latest": [
            {
                # A screen in a public hall shows surnames only.
                "name": mask_name(event.name),
                "kind": event.kind,
                "action": labels[event.kind],
                "time": hhmm(event.at),
            }
            for event in queries.latest_events(activity, day)
        ],
    }


@bp.route("/activities/<int:activity_id>/screen")
@login_required
def screen(activity_id: int):
    """Show the rotating code full-screen, for a projector or a tablet at the door."""
    activity = runnable_activity(activity_id)
    return render_template(
        "checkin/screen.html",
        activity=activity,
        when=activity_when(activity),
        state=screen_state(activity, utc_now()),
    )


@bp.route("/activities/<int:activity_id>/screen/state.json")
@login_required
def screen_json(activity_id: int):
    """Return the screen's code, countdown, counts and latest names; polled every 3 s."""
    activity = runnable_activity(activity_id)
    response = jsonify(screen_state(activity, utc_now()))
    response.headers["Cache-Control"] = "no-store"
    return response
