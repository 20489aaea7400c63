"""The certificates blueprint; its pages are in certificates/views/."""

from flask import Blueprint

from volunteer.certificates.templating import person_standing, staff_standing

bp = Blueprint("certificates", __name__)
bp.add_app_template_global(person_standing, "certificate_standing")
bp.add_app_template_global(staff_standing, "staff_certificate_standing")
