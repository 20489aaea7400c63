"""Pages of the reports feature (filled in by issue 4's work)."""

from flask import Blueprint

bp = Blueprint("reports", __name__)
