"""The progress feature's blueprint; the modules of volunteer.progress.views add its routes."""

from flask import Blueprint

bp = Blueprint("progress", __name__)
