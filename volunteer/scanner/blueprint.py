"""The scanner blueprint: a volunteer's personal code, printed badges, the coordinator's scanner."""

from flask import Blueprint

bp = Blueprint("scanner", __name__)
