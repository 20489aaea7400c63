"""Which records (and corrections) a manager may act on: their activity's unit or their person's."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, or_
from sqlalchemy.orm import aliased

from volunteer.activities.models import Activity
from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import unit_scope_clause
from volunteer.people.models import StaffMember
from volunteer.records.models import Correction, ServiceRecord
from volunteer.units.models import Unit

# The two units a record belongs to, joined under these names by join_scope_units().
ACTIVITY_UNIT = aliased(Unit, name="activity_unit")
STAFF_UNIT = aliased(Unit, name="staff_unit")


def review_units(record: ServiceRecord) -> list[Unit]:
    """Return the units whose managers may review a record: the activity's and the person's."""
    units = [record.activity.unit]
    staff = record.account.staff_member
    if staff is not None:
        units.append(staff.unit)
    return units


def record_scope_clause(viewer: Account, role: Role) -> ColumnElement:
    """A condition keeping records the viewer may act on as `role`.

    Use with `join_scope_units()`: a record is in scope when its activity's unit or its
    volunteer's roster unit lies in the viewer's subtrees.
    """
    return or_(
        unit_scope_clause(viewer, role, ACTIVITY_UNIT.path),
        unit_scope_clause(viewer, role, STAFF_UNIT.path),
    )


def join_scope_units(query: Select) -> Select:
    """Join what record_scope_clause() looks at: the activity's unit and the person's unit."""
    return (
        query.join(Activity, ServiceRecord.activity_id == Activity.id)
        .join(ACTIVITY_UNIT, Activity.unit_id == ACTIVITY_UNIT.id)
        .join(Account, ServiceRecord.account_id == Account.id)
        .outerjoin(StaffMember, Account.staff_member_id == StaffMember.id)
        .outerjoin(STAFF_UNIT, StaffMember.unit_id == STAFF_UNIT.id)
    )


def correction_units(correction: Correction) -> list[Unit]:
    """Return the units whose managers may handle a correction: its activity's and its person's."""
    units = [correction.activity.unit] if correction.activity else []
    staff = correction.account.staff_member
    if staff is not None:
        units.append(staff.unit)
    return units
