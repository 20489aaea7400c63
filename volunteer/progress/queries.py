"""Progress figures of DESIGN §4, aggregated in SQL from the roster and the yearly totals.

Everything starts from `counted_people`: one row per staff member in service on the reference
date D, placed in the unit they belonged to on D, with their approved hours of the year from
`person_year_hours`. Units roll up by path, so a hospital's figures include its departments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, Subquery, and_, case, func, or_, select

from volunteer.clock import local_today
from volunteer.extensions import db
from volunteer.people.models import (
    EmploymentStatus,
    StaffMember,
    StaffTransfer,
)
from volunteer.progress import figures
from volunteer.progress.figures import Measure, PaceStatus
from volunteer.progress.models import RosterEntry
from volunteer.records.models import PersonYearHours, ServiceRecord
from volunteer.targets.models import YearlyTarget
from volunteer.targets.queries import target_for
from volunteer.units.models import Unit

ZERO = Decimal("0")
MONTHS = PersonYearHours.MONTH_COLUMNS
# The distribution chart's buckets of approved hours per person: 0, (0, 12), [12, 24) … [96, ∞).
DISTRIBUTION_EDGES = (0, 12, 24, 36, 48, 72, 96)
BUCKETS = tuple(f"b{index}" for index in range(len(DISTRIBUTION_EDGES) + 1))


def measure_for(year: int, today: date | None = None) -> Measure:
    """Return the year's reference date and targets; FutureYear for a year not yet begun."""
    today = today or local_today()
    target = target_for(year)
    return Measure(
        year=year,
        day=figures.reference_date(year, today),
        hours_target=target.hours_per_person,
        registration_target=target.registration_rate,
    )


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


# Whom person_rows selects: the headcount on D, those who left during the year, or both.
POPULATIONS = ("counted", "left", "counted_or_left")


def _population(measure: Measure, population: str) -> ColumnElement:
    counted = in_service_on(measure.day, RosterEntry)
    left = left_during(measure, RosterEntry)
    return {"counted": counted, "left": left, "counted_or_left": or_(counted, left)}[population]


def person_rows(measure: Measure, population: str = "counted", *, within: Unit | None = None):
    """Select one row per staff member of `population` (see POPULATIONS) with their hours.

    Reads roster_entry and person_year_hours only (one index probe per person), placing each
    person in their unit on D. `within` narrows the scan to people whose unit today lies in
    that subtree, plus anyone who moved after D; callers still place rows by `unit_id`.
    """
    entry, hours = RosterEntry, PersonYearHours
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
        .where(_population(measure, population))
    )
    if within is not None and within.parent_id is not None:
        units_below = select(Unit.id).where(Unit.path.startswith(within.path, autoescape=True))
        query = query.where(or_(entry.unit_id.in_(units_below), moved.c.from_unit_id.is_not(None)))
    return query


def counted_people(measure: Measure, *, within: Unit | None = None) -> Subquery:
    """The headcount on D, one row per person: the denominator of both targets."""
    return person_rows(measure, within=within).subquery("counted")


@dataclass
class UnitFigures:
    """A unit's (whole subtree's) figures for one year, and the judgements derived from them."""

    unit_id: int | None
    code: str
    name: str
    kind: str
    measure: Measure
    headcount: int = 0
    registered: int = 0
    approved_hours: Decimal = ZERO
    make_up_hours: Decimal = ZERO
    pending_hours: Decimal = ZERO
    meeting_target: int = 0
    party_headcount: int = 0
    party_hours: Decimal = ZERO
    # Headcount per bucket of DISTRIBUTION_EDGES, for the distribution chart.
    distribution: list[int] = field(default_factory=lambda: [0] * len(BUCKETS))

    @property
    def registration_rate(self) -> Decimal | None:
        return figures.share(self.registered, self.headcount)

    @property
    def hours_per_person(self) -> Decimal:
        return figures.per_person(self.approved_hours, self.headcount)

    @property
    def meeting_share(self) -> Decimal | None:
        return figures.share(self.meeting_target, self.headcount)

    @property
    def registration_met(self) -> bool:
        rate = self.registration_rate
        return rate is not None and rate >= self.measure.registration_target

    @property
    def pace_status(self) -> PaceStatus:
        m = self.measure
        return figures.pace_status(self.approved_hours, self.headcount, m.hours_target, m.day)

    def as_json(self) -> dict:
        """The figures the `progress` CLI and the JSON endpoint give, with exactly these keys."""
        return {
            "code": self.code,
            "name": self.name,
            "headcount": self.headcount,
            "registered": self.registered,
            "registration_rate": float(self.registration_rate or 0),
            "approved_hours": float(self.approved_hours),
            "hours_per_person": float(self.hours_per_person),
            "meeting_target": self.meeting_target,
            "pace_status": self.pace_status.value,
        }

    def minus(self, others: list[UnitFigures], *, code: str, name: str) -> UnitFigures:
        """Return what is left of this unit's figures after its children's: its own staff."""
        rest = UnitFigures(None, code, name, self.kind, self.measure)
        for attr in _SUMMED:
            setattr(rest, attr, getattr(self, attr) - sum(getattr(o, attr) for o in others))
        rest.distribution = [
            mine - sum(o.distribution[i] for o in others)
            for i, mine in enumerate(self.distribution)
        ]
        return rest


_SUMMED = (
    "headcount",
    "registered",
    "approved_hours",
    "make_up_hours",
    "pending_hours",
    "meeting_target",
    "party_headcount",
    "party_hours",
)


def _per_unit(measure: Measure, within: Unit) -> Subquery:
    """Sum the headcount rows per unit on D and hours bucket (a thousand rows, rolled up next).

    Grouping by bucket too gives the distribution chart without a second pass over people.
    """
    people = counted_people(measure, within=within)
    return (
        select(
            people.c.unit_id,
            people.c.bucket,
            func.count().label("headcount"),
            func.sum(people.c.registered).label("registered"),
            func.sum(people.c.approved).label("approved_hours"),
            func.sum(people.c.make_up).label("make_up_hours"),
            func.sum(people.c.pending).label("pending_hours"),
            func.sum(people.c.meeting).label("meeting_target"),
            func.sum(people.c.party).label("party_headcount"),
            func.sum(case((people.c.party == 1, people.c.approved), else_=0)).label("party_hours"),
        )
        .group_by(people.c.unit_id, people.c.bucket)
        .subquery("per_unit")
    )


def _rolled_up(measure: Measure, within: Unit) -> dict[int, dict]:
    """Sum the per-unit rows into `within` and into each of its children, keyed by unit id.

    SQL groups the people into one row per unit and bucket (about a thousand rows for a
    city); adding those up the tree here, by the ids in each unit's path, costs a few
    milliseconds where a join on path prefixes cost SQLite more than the grouping itself.
    """
    per_unit = _per_unit(measure, within)
    columns = [per_unit.c[name] for name in _SUMMED]
    rows = db.session.execute(
        select(Unit.path, per_unit.c.bucket, *columns)
        .join(Unit, Unit.id == per_unit.c.unit_id)
        .where(Unit.path.startswith(within.path, autoescape=True))
    )
    depth = within.depth
    sums: dict[int, list] = {}
    for path, bucket, *values in rows:
        ids = path.strip("/").split("/")
        # `within` itself, and the child of `within` this unit lies under (if any).
        for unit_id in (within.id, int(ids[depth + 1])) if len(ids) > depth + 1 else (within.id,):
            total = sums.get(unit_id)
            if total is None:
                total = sums[unit_id] = [0] * (len(_SUMMED) + len(BUCKETS))
            for index, value in enumerate(values):
                total[index] += value or 0
            total[len(_SUMMED) + bucket] += values[0]  # the headcount of this bucket
    names = (*_SUMMED, *BUCKETS)
    return {unit_id: dict(zip(names, total, strict=True)) for unit_id, total in sums.items()}


_COUNTS = ("headcount", "registered", "meeting_target", "party_headcount")


def hours_of(value) -> Decimal:
    # SQLite sums NUMERIC as floats: 0.1 h is the unit every record is kept in.
    return Decimal(str(value or 0)).quantize(figures.ONE_PLACE)


def _figures(unit: Unit, measure: Measure, sums: dict | None) -> UnitFigures:
    result = UnitFigures(unit.id, unit.code, unit.name, unit.kind, measure)
    if sums:
        for name in _SUMMED:
            value = sums[name]
            setattr(result, name, int(value or 0) if name in _COUNTS else hours_of(value))
        result.distribution = [int(sums[name] or 0) for name in BUCKETS]
    return result


def shown_children(unit: Unit, day: date) -> list[Unit]:
    """The unit's sub-units that existed on D, by code."""
    return list(
        db.session.scalars(
            select(Unit)
            .where(Unit.parent_id == unit.id, or_(Unit.retired_on.is_(None), Unit.retired_on > day))
            .order_by(Unit.code)
        )
    )


def unit_progress(unit: Unit, measure: Measure) -> UnitFigures:
    """Return one unit's figures over its whole subtree."""
    sums = _rolled_up(measure, unit)
    return _figures(unit, measure, sums.get(unit.id))


def progress_with_children(unit: Unit, measure: Measure) -> tuple[UnitFigures, list[UnitFigures]]:
    """Return the unit's figures and each child's, from one aggregate query.

    When the unit also has staff of its own (not in any child), a last row "本级" holds them,
    so the children's rows always add up to the unit's.
    """
    children = shown_children(unit, measure.day)
    sums = _rolled_up(measure, unit)
    total = _figures(unit, measure, sums.get(unit.id))
    rows = [_figures(child, measure, sums.get(child.id)) for child in children]
    if children:
        own = total.minus(rows, code=unit.code, name=unit.name)
        if own.headcount:
            own.kind = "own"
            rows.append(own)
    return total, rows


def progress_report(unit: Unit, measure: Measure) -> list[dict]:
    """The unit's figures then each child's, as the `progress` command and the JSON give them.

    The unit's own staff (in no child) are in its total, not a row of their own.
    """
    total, rows = progress_with_children(unit, measure)
    return [total.as_json(), *(row.as_json() for row in rows if row.kind != "own")]


def first_year() -> int:
    """Return the earliest year with a service record or a stored target (else this year)."""
    earliest_record, earliest_target = db.session.execute(
        select(
            select(func.min(ServiceRecord.service_date)).scalar_subquery(),
            select(func.min(YearlyTarget.year)).scalar_subquery(),
        )
    ).one()
    years = [local_today().year]
    if earliest_record is not None:
        # SQLite hands back the MIN of a date column as text.
        years.append(date.fromisoformat(str(earliest_record)[:10]).year)
    if earliest_target is not None:
        years.append(earliest_target)
    return min(years)
