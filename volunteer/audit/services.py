"""Write audit entries; every service that changes state calls record_change()."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import has_request_context, request
from sqlalchemy import insert

from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import scope_roots
from volunteer.clock import utc_now
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


def record_change(
    *,
    action: str,
    subject_type: str,
    subject_id: int | None,
    unit_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str | None = None,
    actor_id: int | None,
) -> AuditEntry:
    """Add one audit entry to the session; the caller commits it together with the change.

    `actor_id` names who made the change, passed down from the view or command that asked for
    it (None: the system, a command line or someone not logged in); it is never guessed from
    the request, so the same services run from the CLI and from background work.
    """
    entry = AuditEntry(
        actor_id=actor_id,
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


def record_changes(*, changes: list[dict[str, Any]], actor_id: int | None) -> int:
    """Insert the audit entries of a batch of changes in one statement; return how many.

    Each change names action, subject_type, subject_id, unit_id, before, after and reason as
    record_change() takes them; the entries go to the session's transaction like its own.
    """
    if not changes:
        return 0
    remote_addr = request.remote_addr if has_request_context() else "cli"
    rows = [
        {
            "unit_id": None,
            "before": None,
            "after": None,
            "reason": None,
            **change,
            "actor_id": actor_id,
            "remote_addr": remote_addr,
            "at": utc_now(),
        }
        for change in changes
    ]
    db.session.execute(insert(AuditEntry), rows)
    return len(rows)


def record_log_export(*, by: Account, filters: dict[str, str], rows: int) -> AuditEntry:
    """Log that `by` took the audit log out as a file, with the filters it was taken with.

    The log holds names, 工号 and every change for ten years: who carried a copy away is itself
    worth keeping. The entry belongs to the top of the exporter's scope, so the managers of
    that unit see it in their own log.
    """
    roots = scope_roots(by, Role.MANAGER)
    return record_change(
        action="audit.export",
        subject_type="audit_log",
        subject_id=None,
        unit_id=roots[0].id if roots else None,
        after={**filters, "rows": rows},
        actor_id=by.id,
    )
