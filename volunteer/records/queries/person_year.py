"""Reads of a volunteer's year: hours, records and correction requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from volunteer.extensions import db
from volunteer.records.models import Correction, RecordStatus, ServiceRecord


@dataclass(frozen=True)
class YearHours:
    """A volunteer's year: approved and waiting hours, and the activities served at."""

    approved: Decimal
    pending: Decimal
    activities: int


def year_bounds(year: int) -> tuple[date, date]:
    """Return the first day of `year` and of the next: a record's year is its local date's."""
    return date(year, 1, 1), date(year + 1, 1, 1)


def year_hours(account_id: int, year: int) -> YearHours:
    """Sum the person's approved and waiting hours of a year, and count their activities."""
    first, after = year_bounds(year)
    row = db.session.execute(
        select(
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
            func.count(
                func.distinct(
                    case((ServiceRecord.status == RecordStatus.APPROVED, ServiceRecord.activity_id))
                )
            ).label("activities"),
        ).where(
            ServiceRecord.account_id == account_id,
            ServiceRecord.service_date >= first,
            ServiceRecord.service_date < after,
        )
    ).one()
    return YearHours(Decimal(str(row.approved)), Decimal(str(row.pending)), row.activities)


def records_of(account_id: int, year: int) -> list[ServiceRecord]:
    """Return the person's records of a year, newest first, with their activities."""
    first, after = year_bounds(year)
    return list(
        db.session.scalars(
            select(ServiceRecord)
            # The corrections tell whether another may be requested (can_request_correction).
            .options(selectinload(ServiceRecord.activity), selectinload(ServiceRecord.corrections))
            .where(
                ServiceRecord.account_id == account_id,
                ServiceRecord.service_date >= first,
                ServiceRecord.service_date < after,
            )
            .order_by(ServiceRecord.signed_in_at.desc(), ServiceRecord.id.desc())
        )
    )


def record_years(account_id: int) -> list[int]:
    """Return the years in which the person has records, newest first."""
    dates = db.session.scalars(
        select(ServiceRecord.service_date).where(ServiceRecord.account_id == account_id)
    )
    return sorted({day.year for day in dates}, reverse=True)


def corrections_of(account_id: int) -> list[Correction]:
    """Return the person's correction requests, newest first."""
    return list(
        db.session.scalars(
            select(Correction)
            .options(selectinload(Correction.activity), selectinload(Correction.record))
            .where(Correction.account_id == account_id)
            .order_by(Correction.created_at.desc(), Correction.id.desc())
        )
    )
