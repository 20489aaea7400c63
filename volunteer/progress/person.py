"""Reads of the people pages beyond `people_of`: the filter counts, and one person's year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased

from volunteer.activities.models import Activity, Category
from volunteer.auth.models import Account
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.progress.figures import Measure
from volunteer.progress.models import RosterEntry
from volunteer.progress.queries import hours_of, in_service_on, person_rows, unit_on
from volunteer.records.listings import year_bounds
from volunteer.records.models import PersonYearHours, RecordStatus, ServiceRecord
from volunteer.units.models import Unit


def people_counts(unit: Unit, measure: Measure) -> dict[str, int]:
    """Count the unit's people under each filter of the people list, in one grouped pass.

    The headcount on D and those who left during the year are disjoint populations (a person
    who left on or before D is not in service on D), so one scan over both gives every tab.
    """
    counted = in_service_on(measure.day, RosterEntry)
    rows = (
        person_rows(measure, "counted_or_left")
        .add_columns(case((counted, 1), else_=0).label("counted"))
        .subquery("person")
    )
    placed = aliased(Unit)
    is_counted = rows.c.counted == 1

    def tally(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    row = db.session.execute(
        select(
            tally(is_counted).label("all"),
            tally(and_(is_counted, rows.c.registered == 0)).label("unregistered"),
            tally(and_(is_counted, rows.c.approved < measure.pace)).label("behind_pace"),
            tally(and_(is_counted, rows.c.approved < measure.hours_target)).label("below_target"),
            tally(~is_counted).label("left"),
        )
        .select_from(rows)
        .join(placed, placed.id == rows.c.unit_id)
        .where(placed.path.startswith(unit.path, autoescape=True))
    ).one()
    return {name: int(value) for name, value in row._mapping.items()}


def unit_of_person_on(person: StaffMember, day: date) -> Unit | None:
    """Return the unit the person belonged to on `day` (transfers after it undone)."""
    unit_id = db.session.scalar(select(unit_on(day)).where(StaffMember.id == person.id))
    return db.session.get(Unit, unit_id) if unit_id is not None else None


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
