"""Apply a roster import plan in bulk: a few multi-row statements, so 30,000 rows take seconds."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Insert, func, insert, update

from volunteer.audit.models import AuditEntry
from volunteer.audit.services import MASKED_FIELDS
from volunteer.clock import utc_now
from volunteer.extensions import db
from volunteer.people.import_plan import CHUNK, FIELD_COLUMNS, Progress, StaffPlan
from volunteer.people.models import EmploymentStatus, StaffMember, StaffTransfer
from volunteer.people.services.transfers import move_volunteer_role
from volunteer.progress.roster_sync import refresh_entries

TRANSFER_REASON = "导入调动"


def apply_staff_plan(
    plan: StaffPlan,
    *,
    actor_id: int | None,
    today: date,
    reason: str,
    remote_addr: str | None,
    progress: Progress | None = None,
) -> None:
    """Write the plan: inserts, updates, transfers and one audit entry per person changed."""
    now = utc_now()

    def audit(subject_id, unit_id, action, before, after) -> dict[str, Any]:
        return {
            "at": now,
            "actor_id": actor_id,
            "action": action,
            "subject_type": "staff_member",
            "subject_id": subject_id,
            "unit_id": unit_id,
            "before": before,
            "after": after,
            "reason": reason,
            "remote_addr": remote_addr,
        }

    entries: list[dict[str, Any]] = []
    # RETURNING makes a multi-row INSERT several times slower on PostgreSQL; read the new ids
    # back in one pass instead (工号 is unique, so a row with one of ours is ours).
    last_id = db.session.scalar(db.select(func.max(StaffMember.id))) or 0
    for chunk in _chunks(plan.inserts):
        db.session.execute(
            _insert(StaffMember), [{**row, "created_at": now, "updated_at": now} for row in chunk]
        )
        if progress:
            progress(len(chunk))
    if plan.inserts:
        inserted = {row["staff_no"]: row for row in plan.inserts}
        new_ids = db.select(StaffMember.id, StaffMember.staff_no).where(StaffMember.id > last_id)
        for staff_id, staff_no in db.session.execute(new_ids):
            row = inserted.get(staff_no)
            if row is not None:
                entries.append(audit(staff_id, row["unit_id"], "staff.create", None, _audited(row)))

    transfers = []
    for chunk in _chunks(plan.updates):
        values = [
            {"id": staff_id, **{name: after[name] for name in FIELD_COLUMNS}, "updated_at": now}
            for staff_id, _before, after in chunk
        ]
        db.session.execute(update(StaffMember), values)
        for staff_id, before, after in chunk:
            audited = _audited(after)
            if before["unit_id"] != after["unit_id"] and move_volunteer_role(
                staff_member_id=staff_id, to_unit_id=after["unit_id"]
            ):
                audited["volunteer_role_moved"] = True
            action = _action(before, after)
            entries.append(audit(staff_id, after["unit_id"], action, _audited(before), audited))
            if before["unit_id"] != after["unit_id"]:
                transfers.append(
                    {
                        "staff_member_id": staff_id,
                        "from_unit_id": before["unit_id"],
                        "to_unit_id": after["unit_id"],
                        "effective_on": today,
                        "reason": TRANSFER_REASON,
                        "recorded_by_id": actor_id,
                        "recorded_at": now,
                    }
                )
        if progress:
            progress(len(chunk))

    for chunk in _chunks(transfers):
        db.session.execute(_insert(StaffTransfer), chunk)
    for chunk in _chunks(entries):
        db.session.execute(_insert(AuditEntry), chunk)
    # Bulk statements bypass the ORM events that keep roster entries in step: say who changed.
    refresh_entries(entry["subject_id"] for entry in entries)
    db.session.flush()


def _insert(model) -> Insert:
    """Bulk INSERT that sends NULLs, so rows with different blank cells still go in one batch."""
    return insert(model).execution_options(render_nulls=True)


def _action(before: dict[str, Any], after: dict[str, Any]) -> str:
    """Name the change as the roster pages do, so the audit log reads the same either way."""
    if before["status"] == EmploymentStatus.ACTIVE != after["status"]:
        return "staff.leave"
    if before["status"] != EmploymentStatus.ACTIVE == after["status"]:
        return "staff.reinstate"
    if before["unit_id"] != after["unit_id"]:
        return "staff.transfer"
    return "staff.update"


def _audited(values: dict[str, Any]) -> dict[str, Any]:
    """Make stored fields JSON-safe for the audit log, masked as snapshot() masks them."""
    result = {}
    for name in ("staff_no", *FIELD_COLUMNS):
        value = values[name]
        mask = MASKED_FIELDS.get(name)
        if mask and value:
            value = mask(value)
        elif isinstance(value, date):
            value = value.isoformat()
        result[name] = value
    return result


def _chunks(items: list) -> list[list]:
    return [items[start : start + CHUNK] for start in range(0, len(items), CHUNK)]
