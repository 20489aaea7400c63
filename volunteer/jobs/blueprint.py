"""The jobs blueprint: a person's background jobs, their progress and their files."""

from flask import Blueprint

from volunteer.jobs.registry import kind_label

bp = Blueprint("jobs", __name__)
bp.add_app_template_filter(kind_label, "job_kind")
