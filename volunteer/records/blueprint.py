"""The records blueprint; its pages live in records/views/, its template helpers in templating."""

from flask import Blueprint

from volunteer.records import templating

bp = Blueprint("records", __name__)
templating.install(bp)
