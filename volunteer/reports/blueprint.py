"""The reports feature's blueprint; volunteer.reports.views adds its routes."""

from flask import Blueprint

bp = Blueprint("reports", __name__)
