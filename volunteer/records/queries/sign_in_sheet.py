"""Reads of an activity's sign-in sheet: every session that counts or waits, in one statement."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, func, select

from volunteer.auth.models import Account
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.records.models import RecordStatus, ServiceRecord
from volunteer.units.models import Unit


def sign_in_rows(activity_id: int) -> Sequence[Row]:
    """Return the activity's sessions, voided ones left out, by sign-in, with name and department.

    Columns: account_id, status, review_reason, signed_in_at, signed_out_at, hours, name,
    department (None for an account without a roster entry).
    """
    return db.session.execute(
        select(
            ServiceRecord.account_id,
            ServiceRecord.status,
            ServiceRecord.review_reason,
            ServiceRecord.signed_in_at,
            ServiceRecord.signed_out_at,
            ServiceRecord.hours,
            func.coalesce(StaffMember.name, Account.display_name).label("name"),
            Unit.name.label("department"),
        )
        .join(Account, Account.id == ServiceRecord.account_id)
        .outerjoin(StaffMember, StaffMember.id == Account.staff_member_id)
        .outerjoin(Unit, Unit.id == StaffMember.unit_id)
        .where(
            ServiceRecord.activity_id == activity_id,
            ServiceRecord.status != RecordStatus.VOID,
        )
        .order_by(ServiceRecord.signed_in_at, ServiceRecord.id)
    ).all()
