"""Each certificate's own PDF: drawn and signed once, stored with its hash, then served as is."""

from __future__ import annotations

import hashlib

from volunteer.certificates import printing, queries
from volunteer.certificates.models import Certificate, CertificateKind
from volunteer.extensions import db


def stored_pdf(certificate: Certificate) -> bytes:
    """Return the certificate's PDF: drawn (and signed) once, then always the same bytes."""
    if certificate.pdf is not None:
        return certificate.pdf
    pdf, signed = printing.certificate_pdf(certificate, seal_of(certificate))
    certificate.pdf = pdf
    certificate.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    certificate.signed = signed
    db.session.flush()
    return pdf


def seal_of(certificate: Certificate) -> bytes | None:
    """Return the seal image of the settings of the certificate's year (or issue year)."""
    annual = certificate.kind is CertificateKind.ANNUAL
    year = certificate.year if annual and certificate.year else certificate.serial_year
    settings = queries.settings_for(year)
    return settings.seal_png if settings is not None else None
