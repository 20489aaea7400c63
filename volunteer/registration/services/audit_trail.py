"""Write every change to a registration to the audit log in one shape, whoever makes it."""

from __future__ import annotations

from volunteer.audit.services import record_change, snapshot
from volunteer.auth.models import Account
from volunteer.registration.models import Registration

AUDITED_FIELDS = [
    "status",
    "source",
    "staff_member_id",
    "account_id",
    "unit_id",
    "is_external",
    "claimed_name",
    "claimed_staff_no",
    "national_volunteer_no",
    "registered_on",
]


def audit_registration(
    registration: Registration,
    action: str,
    *,
    unit_id: int,
    before: dict | None = None,
    reason: str | None = None,
    actor: Account | None,
) -> None:
    """Record `action` on the registration, with its audited fields after the change."""
    record_change(
        action=action,
        subject_type="registration",
        subject_id=registration.id,
        unit_id=unit_id,
        before=before,
        after=snapshot(registration, AUDITED_FIELDS),
        reason=reason,
        actor_id=actor.id if actor else None,
    )
