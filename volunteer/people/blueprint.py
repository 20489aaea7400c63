"""The people blueprint; its roster pages are in people/views.py."""

from flask import Blueprint

from volunteer.people.templating import employment_status_label, employment_status_tone

bp = Blueprint("people", __name__)
bp.add_app_template_filter(employment_status_label, "employment_status")
bp.add_app_template_filter(employment_status_tone, "employment_status_tone")
