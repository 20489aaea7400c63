"""The landing page, the language switch and a health check."""

from flask import Blueprint, current_app, make_response, redirect, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import text

from volunteer.auth.models import Role
from volunteer.auth.permissions import has_role
from volunteer.extensions import db
from volunteer.i18n import LOCALE_COOKIE

bp = Blueprint("core", __name__)


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
    target = (
        request.referrer
        if request.referrer and request.referrer.startswith(request.host_url)
        else url_for("core.index")
    )
    response = make_response(redirect(target))
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
