"""Progress pages: a unit's figures against the year's targets, its children, and charts."""

from flask import Blueprint

bp = Blueprint("progress", __name__)

# The people, person and breakdown pages live beside this module and register on the same bp.
from volunteer.progress import people_views  # noqa: E402, F401
