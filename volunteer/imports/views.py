"""Import pages (being built)."""

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("imports", __name__)


@bp.route("/imports")
@login_required
def index():
    """Upload a units or roster file."""
    return "imports"
