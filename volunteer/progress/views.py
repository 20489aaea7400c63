"""Pages of the progress feature (filled in by issue 4's work)."""

from flask import Blueprint

bp = Blueprint("progress", __name__)
