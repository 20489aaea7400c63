"""Unit tree pages (being built)."""

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("units", __name__)


@bp.route("/units")
@login_required
def overview():
    """Show the units the user may see."""
    return "units"
