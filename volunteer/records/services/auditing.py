"""The audit trail of a record, and the totals that follow every audited change."""

from __future__ import annotations

from volunteer.audit.services import record_change, record_changes, snapshot
from volunteer.auth.models import Account
from volunteer.records import totals
from volunteer.records.models import ServiceRecord

AUDITED_FIELDS = [
    "account_id",
    "activity_id",
    "source",
    "status",
    "signed_in_at",
    "signed_out_at",
    "service_date",
    "credited_minutes",
    "hours",
    "review_level",
    "review_reason",
    "note",
    "status_reason",
]

# Changes made by compare-and-set from an open session: their totals are added, not recounted.
COMPARED_AND_SET = {"record.sign_out", "record.forgotten_sign_out"}


def record_state(record: ServiceRecord) -> dict:
    """Return the record's audited fields, to pass as `before` once it has changed."""
    return snapshot(record, AUDITED_FIELDS)


def audit_record(
    action: str,
    record: ServiceRecord,
    *,
    by: Account | None,
    before: dict | None = None,
    reason: str | None = None,
) -> None:
    """Write the record's audit entry, naming who acted (None: the system, e.g. a cron sweep)."""
    record_change(
        action=action,
        subject_type="service_record",
        subject_id=record.id,
        unit_id=record.activity.unit_id,
        before=before,
        after=record_state(record),
        reason=reason,
        actor_id=by.id if by is not None else None,
    )
    # Every record change is audited here, so this is also where the person's totals follow.
    totals.refresh_after_change(record, before, exact_before=action in COMPARED_AND_SET)


def audit_records(
    action: str,
    records: list[ServiceRecord],
    befores: list[dict],
    *,
    by: Account,
    reason: str | None = None,
) -> None:
    """Write the audit entries of one decision on many records in one statement; note totals."""
    record_changes(
        changes=[
            {
                "action": action,
                "subject_type": "service_record",
                "subject_id": record.id,
                "unit_id": record.activity.unit_id,
                "before": before,
                "after": record_state(record),
                "reason": reason,
            }
            for record, before in zip(records, befores, strict=True)
        ],
        actor_id=by.id,
    )
    for record, before in zip(records, befores, strict=True):
        totals.refresh_after_change(record, before)
