"""The landing page, the language switch, a health check and the site's icon."""

from flask import current_app, make_response, redirect, request, send_from_directory, url_for
from flask_login import current_user, login_required
from sqlalchemy import text

from volunteer.auth.models import Role
from volunteer.auth.permissions import has_role
from volunteer.core.blueprint import bp
from volunteer.core.redirects import safe_referrer
from volunteer.extensions import db
from volunteer.i18n import LOCALE_COOKIE


@bp.route("/")
@login_required
def index():
    """Send managers to their units, coordinators to their activities, volunteers home."""
    if has_role(current_user, Role.MANAGER):
        return redirect(url_for("units.overview"))
    if has_role(current_user, Role.COORDINATOR):
        return redirect(url_for("activities.index"))
    return redirect(url_for("registration.me"))


@bp.route("/language", methods=["POST"])
def set_language():
    """Remember the chosen language on this device for a year."""
    locale = request.form.get("locale", "")
    response = make_response(redirect(safe_referrer() or url_for("core.index")))
    if locale in current_app.config["LANGUAGES"]:
        response.set_cookie(
            LOCALE_COOKIE, locale, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
        )
    return response


@bp.route("/healthz")
def healthz():
    """Answer 200 when the app can reach its database (for load balancers)."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}


@bp.route("/favicon.ico")
def favicon():
    """Answer the browser's own request for the site's icon with the icon the pages link."""
    response = send_from_directory(
        current_app.static_folder or "", "favicon.svg", mimetype="image/svg+xml", max_age=86400
    )
    response.cache_control.public = True
    return response
