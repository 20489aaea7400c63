"""The commendation blueprint; its pages are in commendation/views/."""

from flask import Blueprint

bp = Blueprint("commendation", __name__)
