"""Revoke a certificate: the verification page then says so, with the date."""

from __future__ import annotations

from flask_babel import gettext as _

from volunteer.audit.services import record_change
from volunteer.auth.models import Account
from volunteer.certificates.models import Certificate, CertificateStatus
from volunteer.clock import utc_now
from volunteer.errors import DomainError
from volunteer.extensions import db

REASON_MAX = 200


def revoke_certificate(certificate: Certificate, *, reason: str, by: Account | None) -> None:
    """Mark a valid certificate revoked with the reason; superseded or revoked ones stay."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写撤销原因。"), code="reason_required")
    if len(reason) > REASON_MAX:
        raise DomainError(_("撤销原因不能超过 %(n)d 个字。", n=REASON_MAX), code="reason_too_long")
    if not certificate.is_valid:
        raise DomainError(
            _("证明 %(serial)s 已不是有效状态，无需撤销。", serial=certificate.serial),
            code="not_valid",
        )
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at = utc_now()
    certificate.revoked_by_id = by.id if by is not None else None
    certificate.revoke_reason = reason
    db.session.flush()
    record_change(
        action="certificate.revoke",
        subject_type="certificate",
        subject_id=certificate.id,
        unit_id=certificate.unit_id,
        before={"status": CertificateStatus.VALID.value},
        after={"status": CertificateStatus.REVOKED.value, "serial": certificate.serial},
        reason=reason,
        actor_id=by.id if by is not None else None,
    )
