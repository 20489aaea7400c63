"""Plan a staff roster import row by row, then apply the whole plan in bulk, or nothing at all.

Every row is checked before anything is written: one bad row rejects the file (ImportRejected
with the table of errors). The plan says, per row, new / updated / unchanged / left; applying it
issues a few multi-row INSERT and UPDATE statements, so 30,000 rows take seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Insert, func, insert, update

from volunteer.audit.models import AuditEntry
from volunteer.audit.services import MASKED_FIELDS
from volunteer.clock import utc_now
from volunteer.core.masking import mask_id_card, mask_phone
from volunteer.extensions import db
from volunteer.imports.plan import ImportPlan, Outcome, RowChange
from volunteer.imports.tabular import ImportRejected, RowError, Table
from volunteer.people.import_rows import StaffRow, UnitRef, read_staff_row, stored_row_problem
from volunteer.people.models import (
    EMPLOYMENT_STATUS_LABELS,
    EmploymentStatus,
    StaffMember,
    StaffTransfer,
)
from volunteer.people.services import move_volunteer_role
from volunteer.people.validation import normalise_code
from volunteer.progress.roster import refresh_entries
from volunteer.units.models import Unit

STAFF_COLUMNS = ["姓名", "工号", "单位编码", "手机号", "性别", "入职日期", "在职状态"]
STAFF_OPTIONAL_COLUMNS = ["身份证号", "政治面貌", "离职日期"]
# Stored fields an import may change, with the column that feeds each (for the preview).
FIELD_COLUMNS = {
    "name": "姓名",
    "unit_id": "单位编码",
    "phone": "手机号",
    "gender": "性别",
    "id_card": "身份证号",
    "political_status": "政治面貌",
    "hired_on": "入职日期",
    "status": "在职状态",
    "left_on": "离职日期",
}
# A blank cell in these columns keeps what is stored: files are often partial exports.
KEPT_WHEN_BLANK = ("phone", "gender", "id_card", "political_status", "hired_on")
TRANSFER_REASON = "导入调动"
CHUNK = 1000

Progress = Callable[[int], None]


@dataclass
class StaffPlan(ImportPlan):
    """The preview, plus the rows to insert and the (id, before, after) of the rows to update."""

    inserts: list[dict[str, Any]] = field(default_factory=list)
    # (id, before, after): the stored fields of each person who changes, 工号 included.
    updates: list[tuple[int, dict[str, Any], dict[str, Any]]] = field(default_factory=list)


def plan_staff_import(
    table: Table,
    *,
    scope: list[Unit] | None,
    today: date,
    progress: Progress | None = None,
) -> StaffPlan:
    """Check every row against the roster and the uploader's scope (None: the whole tree)."""
    units = _units_by_code()
    scope_paths = None if scope is None else [unit.path for unit in scope]
    errors: list[RowError] = []
    rows: list[StaffRow] = []
    first_row_of: dict[str, int] = {}
    for done, (number, values) in enumerate(table.rows, start=1):
        staff_no = normalise_code(values.get("工号"))
        duplicate_of = first_row_of.get(staff_no)
        if duplicate_of:
            reason = _("工号与第 %(n)d 行重复", n=duplicate_of)
            errors.append(RowError(number, "工号", staff_no, reason))
        elif staff_no:
            first_row_of[staff_no] = number
        # Check the rest of a duplicate row too, so one upload lists every problem to fix.
        row = read_staff_row(number, values, units, scope_paths, today, errors)
        if row is not None and not duplicate_of:
            rows.append(row)
        if progress and done % CHUNK == 0:
            progress(CHUNK)
    if progress:
        progress(len(table.rows) % CHUNK)

    existing = _existing_staff([row.staff_no for row in rows])
    units_by_id = {unit.id: unit for unit in units.values()}
    plan = StaffPlan()
    for row in rows:
        old = existing.get(row.staff_no)
        problem = stored_row_problem(row, old, units_by_id, scope_paths)
        if problem is not None:
            errors.append(problem)
        elif old is None:
            _plan_new(plan, row, today, units_by_id)
        else:
            _plan_update(plan, row, old, today, units_by_id)
    if errors:
        raise ImportRejected(sorted(errors, key=lambda error: error.row))
    return plan


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


def _plan_new(plan: StaffPlan, row: StaffRow, today: date, units_by_id) -> None:
    values = row.stored_fields()
    if values["status"] != EmploymentStatus.ACTIVE and values["left_on"] is None:
        values["left_on"] = today
    plan.inserts.append({"staff_no": row.staff_no, **values})
    diff = {
        FIELD_COLUMNS[name]: (None, _shown(name, value, units_by_id))
        for name, value in values.items()
        if value is not None and name != "name"
    }
    plan.add(RowChange(row.row, row.staff_no, row.name, Outcome.NEW, diff))


def _plan_update(plan: StaffPlan, row: StaffRow, old: dict, today: date, units_by_id) -> None:
    given = row.stored_fields()
    new = {**old, "name": given["name"], "unit_id": given["unit_id"], "status": given["status"]}
    for name in KEPT_WHEN_BLANK:
        if given[name] is not None:
            new[name] = given[name]
    if new["status"] == EmploymentStatus.ACTIVE:
        new["left_on"] = None
    elif given["left_on"] is not None:
        new["left_on"] = given["left_on"]
    elif old["status"] == EmploymentStatus.ACTIVE or old["left_on"] is None:
        new["left_on"] = today
    if new == old:
        plan.add(RowChange(row.row, row.staff_no, row.name, Outcome.UNCHANGED))
        return
    left = old["status"] == EmploymentStatus.ACTIVE and new["status"] != EmploymentStatus.ACTIVE
    diff = {
        FIELD_COLUMNS[name]: (
            _shown(name, old[name], units_by_id),
            _shown(name, new[name], units_by_id),
        )
        for name in FIELD_COLUMNS
        if old[name] != new[name]
    }
    plan.updates.append((old["id"], old, new))
    outcome = Outcome.LEFT if left else Outcome.UPDATED
    plan.add(RowChange(row.row, row.staff_no, row.name, outcome, diff))


def _shown(name: str, value: Any, units_by_id: dict[int, UnitRef]) -> str | None:
    """Return a stored value as the preview shows it: codes, labels, masked personal numbers."""
    if value is None:
        return None
    if name == "unit_id":
        return units_by_id[value].code
    if name == "status":
        return EMPLOYMENT_STATUS_LABELS[EmploymentStatus(value)]
    if name == "id_card":
        return mask_id_card(value)
    if name == "phone":
        return mask_phone(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


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


def _units_by_code() -> dict[str, UnitRef]:
    """Return every unit by its code in upper case (codes are matched ignoring case)."""
    rows = db.session.execute(db.select(Unit.id, Unit.code, Unit.path, Unit.retired_on))
    return {row.code.upper(): UnitRef(*row) for row in rows}


def _existing_staff(staff_nos: list[str]) -> dict[str, dict[str, Any]]:
    """Return the stored fields of the people with these 工号, by 工号."""
    wanted = set(staff_nos)
    columns = [getattr(StaffMember, name) for name in ("id", "staff_no", *FIELD_COLUMNS)]
    query = db.select(*columns)
    # A large file is matched against the whole roster in one scan: a long IN list can meet
    # a table whose statistics are stale (just imported) and be checked row by row.
    if len(wanted) <= CHUNK:
        query = query.where(StaffMember.staff_no.in_(wanted))
    rows = db.session.execute(query)
    return {row.staff_no: dict(row._mapping) for row in rows if row.staff_no in wanted}


def _chunks(items: list) -> list[list]:
    return [items[start : start + CHUNK] for start in range(0, len(items), CHUNK)]
