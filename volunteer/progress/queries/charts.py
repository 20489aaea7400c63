"""Reads for the progress charts: the month chart's sums and the distribution's buckets."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from volunteer.extensions import db
from volunteer.progress.figures import Measure
from volunteer.progress.queries.headcount import (
    DISTRIBUTION_EDGES,
    MONTHS,
    first_move_after,
    hours_of,
    roster_of,
)
from volunteer.progress.queries.units import UnitFigures
from volunteer.records.models import PersonYearHours
from volunteer.units.models import Unit


def monthly_hours(unit: Unit, measure: Measure) -> list[Decimal]:
    """Return the approved hours of the unit's headcount in each month of the year.

    Kept out of the page's main query: twelve more sums per person cost more than all the rest,
    so the chart asks for them on its own.
    """
    entry, hours = roster_of(measure, within=unit), PersonYearHours
    moved = first_move_after(measure.day)
    placed = aliased(Unit)
    row = db.session.execute(
        select(*(func.sum(getattr(hours, month)) for month in MONTHS))
        .select_from(entry)
        .outerjoin(moved, and_(moved.c.staff_member_id == entry.staff_member_id, moved.c.rn == 1))
        .join(placed, placed.id == func.coalesce(moved.c.from_unit_id, entry.unit_id))
        .join(hours, and_(hours.account_id == entry.account_id, hours.year == measure.year))
        .where(placed.path.startswith(unit.path, autoescape=True))
    ).one()
    return [hours_of(value) for value in row]


def distribution_labels() -> list[str]:
    """Name the buckets of DISTRIBUTION_EDGES: "0", "0–12" … "≥96"."""
    edges = DISTRIBUTION_EDGES
    return ["0", *(f"{low}–{high}" for low, high in pairwise(edges)), f"≥{edges[-1]}"]


def hours_distribution(figures_of_unit: UnitFigures) -> list[tuple[str, int]]:
    """Pair each bucket's label with the unit's headcount in it (no query: it came with them)."""
    return list(zip(distribution_labels(), figures_of_unit.distribution, strict=True))
