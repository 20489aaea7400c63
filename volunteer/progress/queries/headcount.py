"""Who counts on the reference date D, where, and with which hours: the base of every figure.

Everything starts from `person_rows`: one row per staff member in service on D (or who left
during the year), placed in the unit they belonged to on D, with their approved hours of the
year from `person_year_hours`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, Subquery, and_, case, func, or_, select, union_all
from sqlalchemy.orm import aliased

from volunteer.people.models import EmploymentStatus, StaffMember, StaffTransfer
from volunteer.progress import figures
from volunteer.progress.figures import Measure
from volunteer.progress.models import RosterEntry
from volunteer.records.models import PersonYearHours
from volunteer.units.models import Unit

MONTHS = PersonYearHours.MONTH_COLUMNS
# The distribution chart's buckets of approved hours per person: 0, (0, 12), [12, 24) … [96, ∞).
DISTRIBUTION_EDGES = (0, 12, 24, 36, 48, 72, 96)
BUCKETS = tuple(f"b{index}" for index in range(len(DISTRIBUTION_EDGES) + 1))
# Whom person_rows selects: the headcount on D, those who left during the year, or both.
POPULATIONS = ("counted", "left", "counted_or_left")


def unit_on(day: date) -> ColumnElement:
    """The staff member's unit on `day`: the origin of their first move after it, else today's."""
    moved_from = (
        select(StaffTransfer.from_unit_id)
        .where(StaffTransfer.staff_member_id == StaffMember.id, StaffTransfer.effective_on > day)
        .order_by(StaffTransfer.effective_on, StaffTransfer.id)
        .limit(1)
        .correlate(StaffMember)
        .scalar_subquery()
    )
    return func.coalesce(moved_from, StaffMember.unit_id)


def first_move_after(day: date) -> Subquery:
    """Each person's first move after `day` (rn = 1): its origin is where they were on `day`.

    A join rather than unit_on's correlated subquery: SQLite runs that twice per person.
    """
    order = func.row_number().over(
        partition_by=StaffTransfer.staff_member_id,
        order_by=(StaffTransfer.effective_on, StaffTransfer.id),
    )
    return (
        select(StaffTransfer.staff_member_id, StaffTransfer.from_unit_id, order.label("rn"))
        .where(StaffTransfer.effective_on > day)
        .subquery("moved")
    )


def in_service_on(day: date, people=StaffMember) -> ColumnElement:
    """Hired on or before `day` (or date unknown) and not yet gone: left_on is the first day out.

    `people` is StaffMember or RosterEntry, which carry the same three columns.
    """
    return and_(
        or_(people.hired_on.is_(None), people.hired_on <= day),
        or_(people.status == EmploymentStatus.ACTIVE, people.left_on > day),
    )


def left_during(measure: Measure, people=StaffMember) -> ColumnElement:
    """Left between 1 January and D: shown under the "left" filter, never counted."""
    return and_(
        people.status != EmploymentStatus.ACTIVE,
        people.left_on >= date(measure.year, 1, 1),
        people.left_on <= measure.day,
    )


def _population(measure: Measure, population: str, entry=RosterEntry) -> ColumnElement:
    counted = in_service_on(measure.day, entry)
    left = left_during(measure, entry)
    return {"counted": counted, "left": left, "counted_or_left": or_(counted, left)}[population]


def _subtree_ids(unit: Unit):
    """Select the ids of `unit` and every unit below it (one LIKE on unit.path)."""
    return select(Unit.id).where(Unit.path.startswith(unit.path, autoescape=True))


def roster_of(measure: Measure, population: str = "counted", *, within: Unit | None = None):
    """The roster entries of `population` that `within` may place on D, as a RosterEntry alias.

    For a unit below the top: its subtree's entries (an index search on roster_entry.unit_id)
    and, UNION ALL, entries elsewhere today of people who moved out of the subtree after D;
    so a hospital reads its own rows and a few movers, not the organisation's. A superset:
    callers still place each row by its unit on D and keep those inside `within`.
    """
    entry = RosterEntry
    if within is None or within.parent_id is None:
        return aliased(
            entry, select(entry).where(_population(measure, population)).subquery("entry")
        )
    below = _subtree_ids(within)
    movers = select(StaffTransfer.staff_member_id).where(
        StaffTransfer.effective_on > measure.day, StaffTransfer.from_unit_id.in_(below)
    )
    own = select(entry).where(entry.unit_id.in_(below), _population(measure, population))
    moved_out = select(entry).where(
        entry.staff_member_id.in_(movers),
        entry.unit_id.not_in(below),
        _population(measure, population),
    )
    return aliased(entry, union_all(own, moved_out).subquery("entry"))


def person_rows(measure: Measure, population: str = "counted", *, within: Unit | None = None):
    """Select one row per staff member of `population` (see POPULATIONS) with their hours.

    Reads roster_entry and person_year_hours only (one index probe per person), placing each
    person in their unit on D. `within` narrows the read to people whose unit today lies in
    that subtree, plus those who moved out of it after D (roster_of); callers still place rows
    by `unit_id`. "counted_or_left" adds a `counted` column: 1 for the headcount on D.
    """
    entry, hours = roster_of(measure, population, within=within), PersonYearHours
    approved = func.coalesce(hours.approved_hours, 0)
    registered = entry.registered_on <= measure.day
    moved = first_move_after(measure.day)
    edges = DISTRIBUTION_EDGES
    bucket = case(
        (approved <= 0, 0),
        *((approved < upper, index) for index, upper in enumerate(edges[1:], start=1)),
        else_=len(edges),
    )
    query = (
        select(
            entry.staff_member_id.label("staff_id"),
            func.coalesce(moved.c.from_unit_id, entry.unit_id).label("unit_id"),
            case((registered, 1), else_=0).label("registered"),
            case((registered, entry.registered_on)).label("registered_on"),
            approved.label("approved"),
            func.coalesce(hours.make_up_hours, 0).label("make_up"),
            func.coalesce(hours.pending_hours, 0).label("pending"),
            case((approved >= measure.hours_target, 1), else_=0).label("meeting"),
            case((entry.party_member, 1), else_=0).label("party"),
            bucket.label("bucket"),
        )
        .select_from(entry)
        .outerjoin(moved, and_(moved.c.staff_member_id == entry.staff_member_id, moved.c.rn == 1))
        .outerjoin(hours, and_(hours.account_id == entry.account_id, hours.year == measure.year))
    )
    if population == "counted_or_left":
        counted = in_service_on(measure.day, entry)
        query = query.add_columns(case((counted, 1), else_=0).label("counted"))
    return query


def counted_people(measure: Measure, *, within: Unit | None = None) -> Subquery:
    """The headcount on D, one row per person: the denominator of both targets."""
    return person_rows(measure, within=within).subquery("counted")


def hours_of(value) -> Decimal:
    """Read a sum of hours as a Decimal to 0.1 h, the unit every record is kept in."""
    # SQLite sums NUMERIC as floats.
    return Decimal(str(value or 0)).quantize(figures.ONE_PLACE)
