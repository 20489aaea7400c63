"""Writes of the reports feature: the audit entry of an export that carries ID numbers."""

from __future__ import annotations

from flask_babel import gettext as _

from volunteer.audit.models import AuditEntry
from volunteer.audit.services import record_change
from volunteer.auth.models import Account
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.units.models import Unit


def record_id_number_export(
    *, unit: Unit, year: int, month: int | None, reason: str, rows: int, by: Account
) -> AuditEntry:
    """Log that manager `by` took the unit's records out with full ID numbers, and why."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写导出证件号码的原因。"), code="reason_required")
    entry = record_change(
        actor_id=by.id,
        action="export.id_numbers",
        subject_type="unit",
        subject_id=unit.id,
        unit_id=unit.id,
        after={"year": year, "month": month, "rows": rows},
        reason=reason,
    )
    db.session.flush()
    return entry
