"""Write audit entries; every service that changes state calls record_change()."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from volunteer.audit.models import AuditEntry
from volunteer.core.masking import mask_id_card
from volunteer.extensions import db

# Fields whose full value must not be copied into the log (it is kept for ten years).
MASKED_FIELDS = {"id_card": mask_id_card}


def snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    """Return the named attributes of `obj` as JSON-safe values (ID numbers masked)."""
    values = {}
    for field in fields:
        value = _json_safe(getattr(obj, field))
        mask = MASKED_FIELDS.get(field)
        values[field] = mask(value) if mask and value else value
    return values


def _json_safe(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _current_actor_id() -> int | None:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id
    return None


def record_change(
    *,
    action: str,
    subject_type: str,
    subject_id: int | None,
    unit_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str | None = None,
    actor_id: int | None = None,
) -> AuditEntry:
    """Add one audit entry to the session; the caller commits it together with the change."""
    entry = AuditEntry(
        actor_id=actor_id if actor_id is not None else _current_actor_id(),
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        unit_id=unit_id,
        before=before,
        after=after,
        reason=reason,
        remote_addr=request.remote_addr if has_request_context() else "cli",
    )
    db.session.add(entry)
    return entry
