"""The imports blueprint; its pages are in imports/views.py."""

from flask import Blueprint

bp = Blueprint("imports", __name__)
