"""The teams blueprint: volunteer teams, their members and call-out roster, service projects."""

from flask import Blueprint

bp = Blueprint("teams", __name__)
