"""Pages of the targets feature (filled in by issue 4's work)."""

from flask import Blueprint

bp = Blueprint("targets", __name__)
