"""Reads for the exports: the approved service records behind a unit's progress figures."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import aliased

from volunteer.activities.models import Activity, Category
from volunteer.auth.models import Account
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.progress.figures import Measure
from volunteer.progress.queries import in_service_on, unit_on
from volunteer.records.models import RecordStatus, ServiceRecord
from volunteer.registration.models import Registration, RegistrationStatus
from volunteer.units.models import Unit


def record_period(year: int, month: int | None) -> tuple[date, date]:
    """Return the first day of the year (or month) and the first day after it."""
    if month is None:
        return date(year, 1, 1), date(year + 1, 1, 1)
    after = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date(year, month, 1), after


def service_records(
    unit: Unit, measure: Measure, month: int | None = None, *, with_id_numbers: bool = False
) -> Select:
    """Select the approved records of the year (or one month) of the unit's headcount on D.

    The people are those the progress figures count: in service on D and placed in the unit's
    subtree by their unit on D, so the records' hours add up to the unit's approved hours.
    Columns: name, staff_no, unit_name, volunteer_no, activity_id, title, category,
    service_date, signed_in_at, signed_out_at, starts_at, ends_at, hours, source, and
    id_card only when asked for (the ID number never leaves the database otherwise).
    """
    counted = (
        select(StaffMember.id.label("staff_id"), unit_on(measure.day).label("unit_id"))
        .where(in_service_on(measure.day))
        .subquery("counted")
    )
    placed = aliased(Unit)
    first, after = record_period(measure.year, month)
    columns = [
        StaffMember.name,
        StaffMember.staff_no,
        placed.name.label("unit_name"),
        Registration.national_volunteer_no.label("volunteer_no"),
        Activity.id.label("activity_id"),
        Activity.title,
        Category.name.label("category"),
        ServiceRecord.service_date,
        ServiceRecord.signed_in_at,
        ServiceRecord.signed_out_at,
        Activity.starts_at,
        Activity.ends_at,
        ServiceRecord.hours,
        ServiceRecord.source,
    ]
    if with_id_numbers:
        columns.append(StaffMember.id_card)
    return (
        select(*columns)
        .select_from(ServiceRecord)
        .join(Account, Account.id == ServiceRecord.account_id)
        .join(counted, counted.c.staff_id == Account.staff_member_id)
        .join(StaffMember, StaffMember.id == counted.c.staff_id)
        .join(placed, placed.id == counted.c.unit_id)
        .join(Activity, Activity.id == ServiceRecord.activity_id)
        .join(Category, Category.id == Activity.category_id)
        .outerjoin(
            Registration,
            and_(
                Registration.staff_member_id == StaffMember.id,
                Registration.status == RegistrationStatus.ACTIVE,
            ),
        )
        .where(
            ServiceRecord.status == RecordStatus.APPROVED,
            ServiceRecord.service_date >= first,
            ServiceRecord.service_date < after,
            placed.path.startswith(unit.path, autoescape=True),
        )
        .order_by(
            placed.code,
            StaffMember.staff_no,
            ServiceRecord.service_date,
            ServiceRecord.signed_in_at,
            ServiceRecord.id,
        )
    )


def count_rows(query: Select) -> int:
    """Count the rows a select would return, without fetching them."""
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
