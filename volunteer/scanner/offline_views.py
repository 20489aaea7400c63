"""The scanner as an installable web app: its service worker, manifest and icon, and the queue
of scans the coordinator's device kept while the network was down (scanner/services/offline.py).

Attached to the scanner blueprint by views.py.
"""

from __future__ import annotations

from flask import Response, current_app, jsonify, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf
from werkzeug.exceptions import NotFound

from volunteer.activities.access import runnable_activity
from volunteer.clock import utc_now
from volunteer.core.edge import answers_json
from volunteer.extensions import limiter
from volunteer.scanner.blueprint import bp
from volunteer.scanner.icon import icon_png
from volunteer.scanner.services import offline
from volunteer.scanner.services.queue_payload import read_queue

ICON_SIZES = (192, 512)
# The worker's scope is the folder it is served from: /activities/ holds every scanner page.
WORKER_PATH = "/activities/scanner-sw.js"


def _public_limit() -> str:
    return current_app.config["PUBLIC_RATE_LIMIT"]


@bp.route(WORKER_PATH)
@limiter.limit(_public_limit)
def service_worker():
    """Serve the scanner's service worker (static/js/scanner-sw.js) where its scope needs it."""
    response = send_from_directory(current_app.static_folder or "", "js/scanner-sw.js")
    response.mimetype = "text/javascript"
    # A worker is checked for updates on every visit; its answer must not be kept stale.
    response.cache_control.no_cache = True
    return response


@bp.route("/activities/<int:activity_id>/scanner.webmanifest")
@limiter.limit(_public_limit)
def manifest(activity_id: int):
    """Describe the activity's scanner as an app to install; names no one, reads no data."""
    # Browsers fetch a manifest without cookies, so it is public and holds only the page's URL.
    start = url_for(".scanner", activity_id=activity_id)
    icons = [
        {
            "src": url_for(".icon", size=size),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "any maskable",
        }
        for size in ICON_SIZES
    ]
    body = {
        "name": _("志愿服务扫码签到"),
        "short_name": _("扫码签到"),
        "id": start,
        "start_url": start,
        "scope": url_for(".service_worker").rsplit("/", 1)[0] + "/",
        "display": "standalone",
        "background_color": "#f5f7fa",
        "theme_color": "#c8102e",
        "icons": icons,
    }
    response = jsonify(body)
    response.mimetype = "application/manifest+json"
    return response


@bp.route("/scanner/icon-<int:size>.png")
@limiter.limit(_public_limit)
def icon(size: int):
    """Draw the installed scanner's icon at one of the manifest's sizes."""
    if size not in ICON_SIZES:
        raise NotFound()
    response = Response(icon_png(size), mimetype="image/png")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response


@bp.route("/activities/<int:activity_id>/scanner/queue")
@login_required
@answers_json
def queue_ticket(activity_id: int):
    """Give the device a fresh CSRF token and the server's time before it sends its queue."""
    runnable_activity(activity_id)
    return jsonify(csrf_token=generate_csrf(), server_now=round(utc_now().timestamp() * 1000))


@bp.route("/activities/<int:activity_id>/scanner/queue", methods=["POST"])
@login_required
@answers_json
def receive_queue(activity_id: int):
    """Receive the scans the device kept; JSON {ok, results: [{id, outcome, message}]}."""
    activity = runnable_activity(activity_id)
    scans, device_now = read_queue(request.get_json(silent=True))
    answers = offline.receive_queue(
        activity=activity,
        scans=scans,
        device_now=device_now,
        by=current_user,
        device=request.user_agent.string,
    )
    return jsonify(ok=True, results=[answer.as_json() for answer in answers])
