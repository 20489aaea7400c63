"""The registration blueprint; its pages are in registration/views.py."""

from flask import Blueprint

bp = Blueprint("registration", __name__)
