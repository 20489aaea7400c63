"""The auth blueprint; its pages are in auth/views.py."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
