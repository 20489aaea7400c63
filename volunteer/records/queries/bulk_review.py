"""Reads for deciding many records at once, each a fixed number of statements for any number."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import selectinload

from volunteer.activities.models import Activity
from volunteer.auth.models import Account
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.records.models import RecordStatus, ServiceRecord


def load_review_units(records: list[ServiceRecord]) -> None:
    """Load what the scope checks read of each record (activity, person, their units) at once."""
    if not records:
        return
    list(
        db.session.scalars(
            select(ServiceRecord)
            .where(ServiceRecord.id.in_([record.id for record in records]))
            .options(
                selectinload(ServiceRecord.activity).selectinload(Activity.unit),
                selectinload(ServiceRecord.account)
                .selectinload(Account.staff_member)
                .selectinload(StaffMember.unit),
            )
        )
    )


def approved_hours_on_days(days: Iterable[tuple[int, date]]) -> dict[tuple[int, date], Decimal]:
    """Sum the approved hours of each (person, local day), all activities together, at once."""
    keys = sorted(set(days))
    if not keys:
        return {}
    rows = db.session.execute(
        select(ServiceRecord.account_id, ServiceRecord.service_date, func.sum(ServiceRecord.hours))
        .where(
            tuple_(ServiceRecord.account_id, ServiceRecord.service_date).in_(keys),
            ServiceRecord.status == RecordStatus.APPROVED,
        )
        .group_by(ServiceRecord.account_id, ServiceRecord.service_date)
    )
    hours = dict.fromkeys(keys, Decimal("0"))
    for account_id, day, total in rows:
        hours[(account_id, day)] = Decimal(str(total or 0))
    return hours
