"""The people of a unit for one year: each person's hours and what they still need."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, select
from sqlalchemy.orm import aliased

from volunteer.people.models import StaffMember
from volunteer.progress import figures
from volunteer.progress.figures import Measure, PaceStatus
from volunteer.progress.queries import person_rows
from volunteer.units.models import Unit

# Filters of the people list; "all" is the headcount on D, "left" those who left during the year.
PEOPLE_FILTERS = ("all", "unregistered", "behind_pace", "below_target", "left")
PEOPLE_SORTS = ("unit", "staff_no", "name", "approved", "pending", "make_up")


def people_of(
    unit: Unit, measure: Measure, *, filter: str = "all", sort: str = "unit", descending=False
) -> Select:
    """Select (StaffMember, unit code, unit name, registered, registered_on, approved, make_up,
    pending) for the unit's subtree, placed by their unit on D."""
    population = "left" if filter == "left" else "counted"
    rows = person_rows(measure, population).subquery("person")
    placed = aliased(Unit)
    query = (
        select(
            StaffMember,
            placed.code.label("unit_code"),
            placed.name.label("unit_name"),
            rows.c.registered,
            rows.c.registered_on,
            rows.c.approved,
            rows.c.make_up,
            rows.c.pending,
        )
        .join(rows, rows.c.staff_id == StaffMember.id)
        .join(placed, placed.id == rows.c.unit_id)
        .where(placed.path.startswith(unit.path, autoescape=True))
    )
    if filter == "unregistered":
        query = query.where(rows.c.registered == 0)
    elif filter == "behind_pace":
        query = query.where(rows.c.approved < measure.pace)
    elif filter == "below_target":
        query = query.where(rows.c.approved < measure.hours_target)
    columns = {
        "unit": (placed.code, StaffMember.staff_no),
        "staff_no": (StaffMember.staff_no,),
        "name": (StaffMember.name, StaffMember.staff_no),
        "approved": (rows.c.approved, StaffMember.staff_no),
        "pending": (rows.c.pending, StaffMember.staff_no),
        "make_up": (rows.c.make_up, StaffMember.staff_no),
    }[sort if sort in PEOPLE_SORTS else "unit"]
    first, *rest = columns
    return query.order_by(first.desc() if descending else first.asc(), *rest)


@dataclass(frozen=True)
class PersonYear:
    """One person's year against the target: what they have and what they still need."""

    approved: Decimal
    make_up: Decimal
    pending: Decimal
    needed: Decimal
    weekly_needed: Decimal | None
    pace_status: PaceStatus


def person_year(approved, make_up, pending, measure: Measure, today: date) -> PersonYear:
    """Judge one person's approved hours against the year's target and pace."""
    approved = Decimal(str(approved or 0)).quantize(figures.ONE_PLACE)
    needed = figures.hours_still_needed(measure.hours_target, approved)
    return PersonYear(
        approved=approved,
        make_up=Decimal(str(make_up or 0)).quantize(figures.ONE_PLACE),
        pending=Decimal(str(pending or 0)).quantize(figures.ONE_PLACE),
        needed=needed,
        weekly_needed=figures.weekly_rate_needed(needed, measure.day, today),
        pace_status=figures.pace_status(approved, 1, measure.hours_target, measure.day),
    )


def is_counted(person: StaffMember, day: date) -> bool:
    """Say whether a person is in the headcount on `day`: the Python twin of in_service_on."""
    hired = person.hired_on is None or person.hired_on <= day
    return hired and (person.in_service or (person.left_on is not None and person.left_on > day))
