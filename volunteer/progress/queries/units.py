"""A unit's figures (docs/rules.md §4) over its subtree, and its children's, in one aggregate query.

Units roll up by path, so a hospital's figures include its departments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import Subquery, case, func, or_, select

from volunteer.extensions import db
from volunteer.progress import figures
from volunteer.progress.figures import Measure, PaceStatus
from volunteer.progress.queries.headcount import BUCKETS, counted_people, hours_of
from volunteer.units.models import Unit

ZERO = Decimal("0")
# The kind of the children table's last row: the unit's own staff, in none of its children.
OWN_STAFF = "own"


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
    def is_own_staff(self) -> bool:
        """Whether this row is the unit's own staff rather than a child unit."""
        return self.kind == OWN_STAFF

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
_COUNTS = ("headcount", "registered", "meeting_target", "party_headcount")


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
            own.kind = OWN_STAFF
            rows.append(own)
    return total, rows


def progress_report(unit: Unit, measure: Measure) -> list[dict]:
    """The unit's figures then each child's, as the `progress` command and the JSON give them.

    The unit's own staff (in no child) are in its total, not a row of their own.
    """
    total, rows = progress_with_children(unit, measure)
    return [total.as_json(), *(row.as_json() for row in rows if not row.is_own_staff)]
