"""Changes made from the check-in pages; sign-ins and sign-outs themselves go through records."""

from __future__ import annotations

from flask_babel import gettext as _

from volunteer.activities.models import Activity
from volunteer.audit.services import record_change
from volunteer.auth.models import Account
from volunteer.errors import DomainError
from volunteer.extensions import db


def revoke_poster_codes(
    activity: Activity, *, by: Account | None, reason: str | None = None
) -> int:
    """Start a new poster generation, so every poster printed before stops working."""
    if not activity.static_code_allowed:
        raise DomainError(_("该活动不允许使用海报码。"))
    before = {"static_code_generation": activity.static_code_generation}
    activity.static_code_generation += 1
    db.session.flush()
    record_change(
        action="activity.poster_revoked",
        subject_type="activity",
        subject_id=activity.id,
        unit_id=activity.unit_id,
        before=before,
        after={"static_code_generation": activity.static_code_generation},
        reason=reason,
        actor_id=by.id if by is not None else None,
    )
    return activity.static_code_generation
