"""Staff roster pages (being built)."""

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("people", __name__)


@bp.route("/staff/import")
@login_required
def import_staff():
    """Upload a roster file."""
    return "import"
