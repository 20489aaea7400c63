"""Reads of an activity's records page: every record, and what they add up to."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from volunteer.auth.models import Account
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.records.models import RecordStatus, ServiceRecord


@dataclass(frozen=True)
class ActivityTotals:
    """What an activity's records add up to."""

    people: int
    open: int
    approved_hours: Decimal
    pending_hours: Decimal
    waiting: int


def activity_records(activity_id: int) -> list[ServiceRecord]:
    """Return every record of the activity, voided ones too, by sign-in."""
    return list(
        db.session.scalars(
            select(ServiceRecord)
            .options(
                selectinload(ServiceRecord.account)
                .selectinload(Account.staff_member)
                .selectinload(StaffMember.unit)
            )
            .where(ServiceRecord.activity_id == activity_id)
            .order_by(ServiceRecord.signed_in_at, ServiceRecord.id)
        )
    )


def activity_totals(activity_id: int) -> ActivityTotals:
    """Count the activity's people and open sessions and sum its approved and waiting hours."""
    live = ServiceRecord.status.in_(
        (RecordStatus.OPEN, RecordStatus.NEEDS_REVIEW, RecordStatus.APPROVED)
    )
    row = db.session.execute(
        select(
            func.count(func.distinct(case((live, ServiceRecord.account_id)))).label("people"),
            func.count(case((ServiceRecord.status == RecordStatus.OPEN, 1))).label("open"),
            func.coalesce(
                func.sum(
                    case((ServiceRecord.status == RecordStatus.APPROVED, ServiceRecord.hours))
                ),
                0,
            ).label("approved"),
            func.coalesce(
                func.sum(
                    case((ServiceRecord.status == RecordStatus.NEEDS_REVIEW, ServiceRecord.hours))
                ),
                0,
            ).label("pending"),
            func.count(case((ServiceRecord.status == RecordStatus.NEEDS_REVIEW, 1))).label(
                "waiting"
            ),
        ).where(ServiceRecord.activity_id == activity_id)
    ).one()
    return ActivityTotals(
        row.people,
        row.open,
        Decimal(str(row.approved)),
        Decimal(str(row.pending)),
        row.waiting,
    )
