"""Activities, their categories, monthly themes, teams and projects, and volunteers' sign-ups."""

from flask import Blueprint

bp = Blueprint("activities", __name__)
