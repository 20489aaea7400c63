"""The privacy blueprint; its pages are in privacy/views.py."""

from flask import Blueprint

bp = Blueprint("privacy", __name__)
