"""The check-in blueprint: scanning the activity's code, self sign-in, the screen, the poster."""

from flask import Blueprint

bp = Blueprint("checkin", __name__)
