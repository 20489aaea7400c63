"""Plan a staff roster import row by row: what each row would change, or every row to fix.

Every row is checked before anything is written: one bad row rejects the file (ImportRejected
with the table of errors). The plan says, per row, new / updated / unchanged / left;
people/services/staff_import.py applies it in bulk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _

from volunteer.core.masking import mask_id_card, mask_phone
from volunteer.extensions import db
from volunteer.imports.plan import ImportPlan, Outcome, RowChange
from volunteer.imports.tabular import ImportRejected, RowError, Table
from volunteer.people.import_rows import StaffRow, UnitRef, read_staff_row, stored_row_problem
from volunteer.people.models import EmploymentStatus, StaffMember
from volunteer.people.validation import fold_identifier
from volunteer.units.models import Unit

# Stored fields an import may change, with the column that feeds each (for the preview).
FIELD_COLUMNS = {
    "name": "姓名",
    "unit_id": "单位编码",
    "phone": "手机号",
    "email": "邮箱",
    "gender": "性别",
    "id_card": "身份证号",
    "political_status": "政治面貌",
    "hired_on": "入职日期",
    "status": "在职状态",
    "left_on": "离职日期",
}
# A blank cell in these columns keeps what is stored: files are often partial exports.
KEPT_WHEN_BLANK = ("phone", "email", "gender", "id_card", "political_status", "hired_on")
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
        staff_no = fold_identifier(values.get("工号"))
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
        return EmploymentStatus(value).label
    if name == "id_card":
        return mask_id_card(value)
    if name == "phone":
        return mask_phone(value)
    if name == "email":
        # As the phone: enough to tell which address it is, not the address itself.
        local, _at, domain = value.rpartition("@")
        return f"{local[:1]}***@{domain}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


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
