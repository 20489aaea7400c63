"""A sheet of service sessions uploaded on the web: checked first, then applied, at the
activities of the units the manager looks after.

Unlike the import pages of units and rosters, a records file is checked by writing it through
the rules and rolling back (a row's review depends on the rows before it), so nothing of it is
kept between the check and the import: the manager uploads the same file again to apply it.
"""

from __future__ import annotations

from dataclasses import dataclass

from volunteer.activities.models import Activity
from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import can
from volunteer.extensions import db
from volunteer.imports.columns import HeaderReading
from volunteer.imports.tabular import ImportRejected
from volunteer.records.importing.outcome import RecordsImportSummary
from volunteer.records.importing.plan import apply_records_import, plan_records_import


@dataclass(frozen=True)
class SheetImport:
    """What importing a sheet did, or would do; `applied` False for a check."""

    summary: RecordsImportSummary
    header: HeaderReading
    applied: bool


def import_sheet(
    *, data: bytes, filename: str, by: Account, source_note: str | None, check_only: bool
) -> SheetImport:
    """Check a sheet by every rule a real import meets, and apply it unless `check_only`.

    Raises ImportRejected naming the rows to fix, a row at an activity outside the manager's
    units among them. Rolls back what it wrote for a check or a rejected file, as the CLI does.
    """

    def may_import(activity: Activity) -> bool:
        return can(by, Role.MANAGER, activity.unit)

    plan = plan_records_import(data=data, filename=filename, may_import=may_import)
    try:
        summary = apply_records_import(plan, by=by, source_note=source_note)
    except ImportRejected as rejected:
        # Rows before the refused ones were written: none of the file may stay.
        db.session.rollback()
        rejected.header = rejected.header or plan.header
        raise
    if check_only:
        db.session.rollback()
        # Rolled back, the records would be stale objects: the counts and clipped rows remain.
        summary.records.clear()
    return SheetImport(summary=summary, header=plan.header, applied=not check_only)
