"""Who may reach the check-in pages: the screen and poster are the activity's runners', the scan
is anyone's, and the sign-in page is any logged-in account's (the ticket names the activity)."""

from datetime import timedelta

from authz import LOGIN, PUBLIC, Access
from flask import current_app
from sqlalchemy import select

from volunteer.activities.models import Activity
from volunteer.auth.models import Role
from volunteer.checkin import scan_tickets, tokens
from volunteer.clock import utc_now
from volunteer.extensions import db

RUNS_ACTIVITY = Access(Role.COORDINATOR)

SPEC = {
    "checkin.scan": PUBLIC,
    "checkin.ticket": LOGIN,
    "checkin.sign_in": LOGIN,
    "checkin.sign_out": LOGIN,
    "checkin.screen": RUNS_ACTIVITY,
    "checkin.screen_json": RUNS_ACTIVITY,
    "checkin.poster": RUNS_ACTIVITY,
    "checkin.revoke_poster": RUNS_ACTIVITY,
    "checkin.sign_out_everyone": RUNS_ACTIVITY,
}


def fillers(world) -> dict[str, tuple]:
    """An activity in each hospital with posters allowed, and a code and a ticket naming it.

    Another spec may already have made activities there: use those, so every spec's routes
    see the same `activity_id`.
    """
    start = utc_now().replace(second=0, microsecond=0) - timedelta(hours=1)
    activities = {}
    for side, unit in world.units.items():
        activity = db.session.scalar(
            select(Activity).where(Activity.unit_id == unit.id).order_by(Activity.id).limit(1)
        )
        if activity is None:
            activity = Activity(
                title=f"义诊 {side}",
                category_id=1,
                unit_id=unit.id,
                place="门诊大厅",
                starts_at=start,
                ends_at=start + timedelta(hours=3),
            )
            db.session.add(activity)
        activity.static_code_allowed = True
        activities[side] = activity
    db.session.commit()
    secret = current_app.config["SECRET_KEY"]
    rotate = current_app.config["QR_ROTATE_SECONDS"]
    codes = {
        side: tokens.activity_token(secret, activity.token_key, utc_now(), rotate)
        for side, activity in activities.items()
    }
    tickets = {
        # Scanned on a phone the matrix's clients are not: each gets the forwarded link's 410.
        side: scan_tickets.make_ticket(
            secret,
            tokens.Claims(tokens.ACTIVITY_ROTATING, activity.token_key, 0),
            scan_tickets.Device.new(),
        )
        for side, activity in activities.items()
    }
    return {
        "activity_id": (activities["own"].id, activities["other"].id),
        "qr_token": (codes["own"], codes["other"]),
        "ticket": (tickets["own"], tickets["other"]),
    }
