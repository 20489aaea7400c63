"""A unit's approved hours of a year seen by team, project, category, monthly theme and party.

The commission reports each of these. Only the headcount on D counts, each person placed in the
unit they belonged to on D (docs/rules.md §4.4), so the rows of every dimension add up to the unit's
approved hours on the progress page; external volunteers have no staff row and never count.
Read from the kept totals (unit_year_breakdown, by roster unit today), corrected by the records
of the few people D places otherwise: the cost follows units and leavers, not records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import (
    Integer,
    Select,
    and_,
    case,
    cast,
    func,
    literal_column,
    null,
    or_,
    select,
    union_all,
)

from volunteer.activities.models import Activity, Category, MonthlyTheme, Project, Team
from volunteer.extensions import db
from volunteer.progress.figures import Measure
from volunteer.progress.models import RosterEntry, UnitYearBreakdown
from volunteer.progress.queries.headcount import (
    first_move_after,
    hours_of,
    in_service_on,
)
from volunteer.records.models import RecordStatus, ServiceRecord
from volunteer.records.queries.person_year import year_bounds
from volunteer.units.models import Unit

DIMENSIONS = ("team", "project", "category", "theme")


@dataclass(frozen=True)
class BreakdownRow:
    """Approved hours of one team, project, category or theme (key None: in none of them)."""

    key: int | None
    name: str | None
    hours: Decimal
    people: int
    records: int
    # A monthly theme's month: its title alone may repeat from one year to the next.
    month: int | None = None


@dataclass
class Breakdown:
    """The unit's year by each dimension, its party members' line, and the whole."""

    total: BreakdownRow
    party: BreakdownRow
    rows: dict[str, list[BreakdownRow]] = field(default_factory=dict)


def _subtree(unit: Unit) -> Select:
    return select(Unit.id).where(Unit.path.startswith(unit.path, autoescape=True))


def _kept(unit: Unit, year: int) -> Select:
    """The kept rows of the subtree's staff (placed by their roster unit today), summed."""
    kept = UnitYearBreakdown
    return (
        select(
            kept.dimension,
            kept.key_id,
            kept.party,
            func.sum(kept.hours),
            func.sum(kept.records),
            func.sum(kept.people),
        )
        .where(kept.year == year, kept.unit_id.in_(_subtree(unit)))
        .group_by(kept.dimension, kept.key_id, kept.party)
    )


def _placed_elsewhere(unit: Unit, measure: Measure) -> dict[int, tuple[bool, int]]:
    """The people the kept rows miscount: not in service on D, or in another unit on D.

    Each account maps to (party, sign): -1 takes out someone the kept rows hold under the
    subtree but D does not count there, +1 adds someone D counts there whom the kept rows hold
    elsewhere. Few people: those who left or were hired after D, and those who moved after D.
    """
    entry, below = RosterEntry, _subtree(unit)
    moved = first_move_after(measure.day)
    counted = in_service_on(measure.day, entry)
    placed = func.coalesce(moved.c.from_unit_id, entry.unit_id)
    held = case((entry.unit_id.in_(below), 1), else_=0)
    due = case((and_(counted, placed.in_(below)), 1), else_=0)
    rows = db.session.execute(
        select(entry.account_id, entry.party_member, due - held)
        .outerjoin(moved, and_(moved.c.staff_member_id == entry.staff_member_id, moved.c.rn == 1))
        .where(entry.account_id.is_not(None), or_(~counted, moved.c.from_unit_id.is_not(None)))
        .where(or_(entry.unit_id.in_(below), moved.c.from_unit_id.in_(below)))
        .where(due != held)
    )
    return {account: (bool(party), int(sign)) for account, party, sign in rows}


def _records_of(accounts: dict[int, tuple[bool, int]], year: int):
    """Those people's approved hours of the year per dimension key: (dimension, account, key,
    hours, records). Read by account through its index: the planner is given the list itself,
    since from a join it guessed thousands of people and read every record of the year."""
    first, after = year_bounds(year)
    records = (
        select(
            ServiceRecord.account_id,
            ServiceRecord.hours,
            literal_column("0").label("all"),
            *(func.coalesce(column, 0).label(name) for name, column in _KEYS.items()),
        )
        .join(Activity, Activity.id == ServiceRecord.activity_id)
        .where(
            ServiceRecord.account_id.in_(sorted(accounts)),
            ServiceRecord.status == RecordStatus.APPROVED,
            ServiceRecord.service_date >= first,
            ServiceRecord.service_date < after,
        )
        .cte("elsewhere_records")
        .prefix_with("MATERIALIZED")
    )
    branches = [
        select(
            literal_column(f"'{name}'"),
            records.c.account_id,
            records.c[name],
            func.sum(records.c.hours),
            func.count(),
        ).group_by(records.c.account_id, records.c[name])
        for name in ("all", *DIMENSIONS)
    ]
    return db.session.execute(union_all(*branches))


_KEYS = {
    "team": Activity.team_id,
    "project": Activity.project_id,
    "category": Activity.category_id,
    "theme": Activity.theme_id,
}


def _figures(unit: Unit, measure: Measure) -> dict[str, dict[tuple[int, bool], list]]:
    """Each (dimension, key, party): [hours, records, people] of the headcount on D."""
    found: dict[str, dict[tuple[int, bool], list]] = {}

    def add(dimension, key, party, hours, records, people) -> None:
        figures = found.setdefault(dimension, {}).setdefault(
            (int(key), bool(party)), [Decimal(0), 0, 0]
        )
        figures[0] += hours_of(hours)
        figures[1] += int(records or 0)
        figures[2] += int(people or 0)

    for row in db.session.execute(_kept(unit, measure.year)):
        add(*row)
    elsewhere = _placed_elsewhere(unit, measure)
    if elsewhere:
        for dimension, account, key, hours, records in _records_of(elsewhere, measure.year):
            party, sign = elsewhere[account]
            add(dimension, key, party, sign * hours_of(hours), sign * records, sign)
    return found


_NAMES = {
    "team": (Team.id, Team.name),
    "project": (Project.id, Project.name),
    "category": (Category.id, Category.name),
    "theme": (MonthlyTheme.id, MonthlyTheme.title),
}


def _names(keys: dict[str, list[int]]) -> dict[str, dict[int, tuple[str, int | None]]]:
    """Name the groups found, every dimension in one statement: (name, month), the month only
    for monthly themes."""
    branches: list[Select] = [
        select(
            literal_column(f"'{dimension}'"),
            key,
            name,
            MonthlyTheme.month if dimension == "theme" else cast(null(), Integer),
        ).where(key.in_(keys[dimension]))
        for dimension, (key, name) in _NAMES.items()
        if keys.get(dimension)
    ]
    names: dict[str, dict[int, tuple[str, int | None]]] = {}
    if branches:
        for dimension, key, name, month in db.session.execute(union_all(*branches)):
            names.setdefault(dimension, {})[key] = (name, month)
    return names


def _sort_key(row: BreakdownRow):
    # Most hours first, monthly themes in calendar order; records in no group come last.
    return (row.key is None, row.month or 0, -row.hours, row.name or "")


def unit_breakdown(unit: Unit, measure: Measure) -> Breakdown:
    """Return the unit's approved hours of the year by each dimension and for party members.

    Four statements whatever the number of records: the kept rows of the subtree, the few
    people D places otherwise than the roster does today, their records, and the names.
    """
    found = _figures(unit, measure)
    parties = [
        BreakdownRow(int(party), None, hours, people, records)
        for (_, party), (hours, records, people) in found.get("all", {}).items()
        if records
    ]
    result = Breakdown(total=_line(parties, None), party=_line(parties, 1))
    merged: dict[str, dict[int, list]] = {}
    for dimension in DIMENSIONS:
        by_key: dict[int, list] = {}
        for (key, _), figures in found.get(dimension, {}).items():
            into = by_key.setdefault(key, [Decimal(0), 0, 0])
            for index, value in enumerate(figures):
                into[index] += value
        merged[dimension] = {key: figures for key, figures in by_key.items() if figures[1]}
    names = _names({dimension: [key for key in rows if key] for dimension, rows in merged.items()})
    for dimension, rows in merged.items():
        shown = []
        for key, (hours, records, people) in rows.items():
            name, month = names.get(dimension, {}).get(key, (None, None))
            shown.append(BreakdownRow(key or None, name, hours, people, records, month))
        result.rows[dimension] = sorted(shown, key=_sort_key)
    return result


def _line(party_rows: list, only: int | None) -> BreakdownRow:
    """Sum the party split (0 and 1): a person is on one side only, so people add up too."""
    chosen = [row for row in party_rows if only is None or row.key == only]
    return BreakdownRow(
        key=only,
        name=None,
        hours=hours_of(sum(hours_of(row.hours) for row in chosen)),
        people=sum(row.people for row in chosen),
        records=sum(row.records for row in chosen),
    )
