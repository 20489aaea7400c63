"""The units blueprint; its pages are in units/views.py."""

from flask import Blueprint

from volunteer.units.templating import unit_kind_label

bp = Blueprint("units", __name__)
bp.add_app_template_filter(unit_kind_label, "unit_kind")
