"""The audit blueprint; its page and export are in audit/views.py."""

from flask import Blueprint

bp = Blueprint("audit", __name__)
