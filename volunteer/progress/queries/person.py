"""One person's year on the person page: where they were on D, their totals and categories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from volunteer.activities.models import Activity, Category
from volunteer.auth.models import Account
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.progress.queries.headcount import hours_of, unit_on
from volunteer.records.models import PersonYearHours, RecordStatus, ServiceRecord
from volunteer.records.queries.person_year import year_bounds
from volunteer.units.models import Unit


def unit_of_person_on(person: StaffMember, day: date) -> Unit | None:
    """Return the unit the person belonged to on `day` (transfers after it undone)."""
    unit_id = db.session.scalar(select(unit_on(day)).where(StaffMember.id == person.id))
    return db.session.get(Unit, unit_id) if unit_id is not None else None


def is_counted(person: StaffMember, day: date) -> bool:
    """Say whether a person is in the headcount on `day`: the Python twin of in_service_on."""
    hired = person.hired_on is None or person.hired_on <= day
    return hired and (person.in_service or (person.left_on is not None and person.left_on > day))


def account_of(person: StaffMember) -> Account | None:
    """Return the login of a staff member, whose records and totals hang on it."""
    return db.session.scalar(select(Account).where(Account.staff_member_id == person.id))


@dataclass(frozen=True)
class YearTotals:
    """A person's hours of one year as the totals keep them."""

    approved: Decimal
    make_up: Decimal
    pending: Decimal
    months: list[Decimal]


def year_totals(account_id: int | None, year: int) -> YearTotals:
    """Return the person's approved, make-up and pending hours and approved hours by month."""
    row = None
    if account_id is not None:
        row = db.session.get(PersonYearHours, (account_id, year))
    if row is None:
        zero = hours_of(0)
        return YearTotals(zero, zero, zero, [zero] * 12)
    return YearTotals(
        approved=hours_of(row.approved_hours),
        make_up=hours_of(row.make_up_hours),
        pending=hours_of(row.pending_hours),
        months=[hours_of(getattr(row, month)) for month in PersonYearHours.MONTH_COLUMNS],
    )


@dataclass(frozen=True)
class CategoryHours:
    """A person's approved hours of one year at one service category."""

    name: str
    hours: Decimal
    records: int


def hours_by_category(account_id: int | None, year: int) -> list[CategoryHours]:
    """Sum the person's approved hours of the year by service category, most hours first."""
    if account_id is None:
        return []
    first, after = year_bounds(year)
    hours = func.sum(ServiceRecord.hours)
    rows = db.session.execute(
        select(Category.name, hours.label("hours"), func.count().label("records"))
        .select_from(ServiceRecord)
        .join(Activity, Activity.id == ServiceRecord.activity_id)
        .join(Category, Category.id == Activity.category_id)
        .where(
            ServiceRecord.account_id == account_id,
            ServiceRecord.status == RecordStatus.APPROVED,
            ServiceRecord.service_date >= first,
            ServiceRecord.service_date < after,
        )
        .group_by(Category.id, Category.name, Category.sort_order)
        .order_by(hours.desc(), Category.sort_order)
    )
    return [CategoryHours(row.name, hours_of(row.hours), row.records) for row in rows]
