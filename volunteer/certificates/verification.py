"""Tell a visitor whether a PDF they were handed is byte for byte one issued here."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

from volunteer.certificates.models import Certificate
from volunteer.certificates.queries import certificate_by_hash

PDF_MAGIC = b"%PDF-"


class UploadOutcome(StrEnum):
    """What the check of an uploaded file found."""

    GENUINE = "genuine"
    UNKNOWN = "unknown"  # a PDF, but not one issued here, or altered after issue
    NOT_PDF = "not_pdf"
    TOO_LARGE = "too_large"
    EMPTY = "empty"


@dataclass(frozen=True)
class UploadCheck:
    """The outcome, and the certificate when the file is one issued here."""

    outcome: UploadOutcome
    certificate: Certificate | None = None


def check_upload(content: bytes) -> UploadCheck:
    """Compare the file's SHA-256 with every issued PDF; nothing is written."""
    if not content:
        return UploadCheck(UploadOutcome.EMPTY)
    if PDF_MAGIC not in content[:1024]:
        return UploadCheck(UploadOutcome.NOT_PDF)
    found = certificate_by_hash(hashlib.sha256(content).hexdigest())
    if found is None:
        return UploadCheck(UploadOutcome.UNKNOWN)
    return UploadCheck(UploadOutcome.GENUINE, found)
