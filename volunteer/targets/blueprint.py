"""The targets blueprint; its pages are in targets/views.py."""

from flask import Blueprint

from volunteer.targets.templating import target_percent

bp = Blueprint("targets", __name__)
bp.add_app_template_filter(target_percent, "target_percent")
