"""What the certificates views share: finding a certificate the viewer may act on, a PDF answer."""

from __future__ import annotations

import re

from flask import Response, abort
from flask_login import current_user

from volunteer.auth.models import Role
from volunteer.auth.permissions import can
from volunteer.certificates.models import Certificate
from volunteer.extensions import db


def certificate_in_scope(certificate_id: int, role: Role) -> Certificate:
    """Return the certificate if the viewer holds `role` on its unit; 404 or 403 otherwise."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        abort(404)
    if not can(current_user, role, certificate.unit):
        abort(403)
    return certificate


def pdf_response(pdf: bytes, name: str, *, attachment: bool = True) -> Response:
    """Answer with a PDF to download, never cached."""
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", name) or "certificate"
    response = Response(pdf, mimetype="application/pdf")
    disposition = "attachment" if attachment else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{safe}.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return response
