"""Staff roster pages (being built)."""

from flask import Blueprint

bp = Blueprint("people", __name__)
