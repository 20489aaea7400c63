"""Registration pages (being built)."""

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("registration", __name__)


@bp.route("/me")
@login_required
def me():
    """Show the volunteer's own page."""
    return "me"


@bp.route("/registrations/pending")
@login_required
def pending():
    """List registrations waiting for a manager."""
    return "pending"
