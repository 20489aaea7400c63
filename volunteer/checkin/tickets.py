"""Scan tickets and the cookie of the device that scanned: which phone, and which activity a
login is interrupting."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, request
from werkzeug.wrappers import Response

from volunteer.activities.models import Activity
from volunteer.checkin import queries, scan_tickets, tokens

TICKET_PREFIX = "/checkin/"
DEVICE_COOKIE = "scan_device"


def secret_key() -> str:
    """Return the key that signs activity tokens and scan tickets."""
    return current_app.config["SECRET_KEY"]


def ticket_max_age() -> int:
    """Return how long, in seconds, a scan ticket stays good for signing in or out."""
    return current_app.config["SCAN_TICKET_MINUTES"] * 60


def this_device() -> scan_tickets.Device | None:
    """Return the device this request comes from, when its cookie is there and untouched."""
    return scan_tickets.load_device(secret_key(), request.cookies.get(DEVICE_COOKIE))


def keep_device(response: Response, device: scan_tickets.Device) -> Response:
    """Set the device cookie: out of scripts' reach, and living as long as a ticket."""
    response.set_cookie(
        DEVICE_COOKIE,
        scan_tickets.dump_device(secret_key(), device),
        max_age=ticket_max_age(),
        path="/",
        httponly=True,
        samesite="Lax",
        secure=request.is_secure or current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


def scan_activity_of(next_path: str | None) -> Activity | None:
    """Return the activity whose scan the login page is interrupting, if `next` is a ticket
    scanned on this device."""
    path = urlsplit(next_path or "").path
    if not path.startswith(TICKET_PREFIX):
        return None
    ticket = path.removeprefix(TICKET_PREFIX).split("/", 1)[0]
    try:
        scan = scan_tickets.read_ticket(secret_key(), ticket, ticket_max_age())
        scan_tickets.admit(scan, this_device(), None)
    except tokens.TokenRefused:
        return None
    activity = queries.activity_by_token_key(scan.key)
    return None if activity is None or activity.is_cancelled else activity
