"""The audit entry every write of this package leaves, with the acting account named."""

from __future__ import annotations

from typing import Any

from volunteer.audit.services import record_change, snapshot
from volunteer.auth.models import Account


def audit(
    obj: Any,
    subject_type: str,
    action: str,
    fields: list[str],
    *,
    by: Account | None,
    unit_id: int | None = None,
    **kw: Any,
) -> None:
    """Record the change of `obj` by `by` (None: the system or the command line)."""
    record_change(
        action=action,
        subject_type=subject_type,
        subject_id=obj.id,
        unit_id=unit_id,
        after=snapshot(obj, fields),
        actor_id=by.id if by is not None else None,
        **kw,
    )
