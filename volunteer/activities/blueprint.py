"""The activities blueprint: activities, sign-ups, categories and themes (routes in views/)."""

from flask import Blueprint

from volunteer.activities.models import SignupStatus

bp = Blueprint("activities", __name__)
# The sign-up macros (activities/_activities.html) compare a status with the enum, not a string.
bp.add_app_template_global(SignupStatus, "SignupStatus")
