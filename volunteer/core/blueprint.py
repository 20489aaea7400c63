"""The core blueprint: the landing page, the language switch and the health check."""

from flask import Blueprint

bp = Blueprint("core", __name__)
