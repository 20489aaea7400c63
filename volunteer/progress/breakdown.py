"""A unit's approved hours of a year seen by team, project, category, monthly theme and party.

The commission reports each of these. Only the headcount on D counts, each person placed in the
unit they belonged to on D (DESIGN §4), so the rows of every dimension add up to the unit's
approved hours on the progress page; external volunteers have no staff row and never count.
One statement: the year's approved records of those people are read once into a materialised
CTE, then grouped by each dimension in turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import Select, func, literal, select, union_all
from sqlalchemy.orm import aliased

from volunteer.activities.models import Activity, Category, MonthlyTheme, Project, Team
from volunteer.auth.models import Account
from volunteer.extensions import db
from volunteer.progress.figures import Measure
from volunteer.progress.queries import counted_people, hours_of
from volunteer.records.listings import year_bounds
from volunteer.records.models import RecordStatus, ServiceRecord
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


def counted_accounts(unit: Unit, measure: Measure) -> Select:
    """Select (account_id, party) of the unit's headcount on D who have a login.

    Built on the progress page's own headcount, so both pages count the same people.
    """
    people = counted_people(measure)
    member = aliased(Unit)
    return (
        select(Account.id.label("account_id"), people.c.party)
        .join(people, people.c.staff_id == Account.staff_member_id)
        .join(member, member.id == people.c.unit_id)
        .where(member.path.startswith(unit.path, autoescape=True))
    )


def _year_records(unit: Unit, measure: Measure):
    """The approved records of the year of the counted people, with each dimension's key."""
    # Materialised, the counted people are a small table SQLite starts from, reading each
    # person's year through (account_id, service_date); inlined, it walked every approved
    # record of the city through the status index and placed each record's person again.
    people = counted_accounts(unit, measure).cte("people").prefix_with("MATERIALIZED")
    first, after = year_bounds(measure.year)
    return (
        select(
            ServiceRecord.account_id,
            ServiceRecord.hours,
            Activity.team_id.label("team"),
            Activity.project_id.label("project"),
            Activity.category_id.label("category"),
            Activity.theme_id.label("theme"),
            people.c.party,
        )
        .join(people, people.c.account_id == ServiceRecord.account_id)
        .join(Activity, Activity.id == ServiceRecord.activity_id)
        .where(
            ServiceRecord.status == RecordStatus.APPROVED,
            ServiceRecord.service_date >= first,
            ServiceRecord.service_date < after,
        )
        # Read once, grouped five times: without the hint PostgreSQL might inline it per branch.
        .cte("year_records")
        .prefix_with("MATERIALIZED")
    )


def _grouped(records, dimension: str) -> Select:
    key = records.c[dimension]
    return select(
        literal(dimension).label("dimension"),
        key.label("key"),
        func.sum(records.c.hours).label("hours"),
        func.count(func.distinct(records.c.account_id)).label("people"),
        func.count().label("records"),
    ).group_by(key)


_NAMES = {
    "team": (Team.id, Team.name),
    "project": (Project.id, Project.name),
    "category": (Category.id, Category.name),
    "theme": (MonthlyTheme.id, MonthlyTheme.title),
}


def _names(dimension: str, keys: list[int]) -> dict[int, tuple[str, int | None]]:
    """Name the groups found: (name, month), the month only for monthly themes."""
    if not keys:
        return {}
    key, name = _NAMES[dimension]
    month = MonthlyTheme.month if dimension == "theme" else literal(None)
    rows = db.session.execute(select(key, name, month).where(key.in_(keys)))
    return {row[0]: (row[1], row[2]) for row in rows}


def _sort_key(row: BreakdownRow):
    # Most hours first, monthly themes in calendar order; records in no group come last.
    return (row.key is None, row.month or 0, -row.hours, row.name or "")


def unit_breakdown(unit: Unit, measure: Measure) -> Breakdown:
    """Return the unit's approved hours of the year by each dimension and for party members."""
    records = _year_records(unit, measure)
    statement = union_all(*(_grouped(records, name) for name in (*DIMENSIONS, "party")))
    grouped: dict[str, list] = {name: [] for name in (*DIMENSIONS, "party")}
    for row in db.session.execute(statement):
        grouped[row.dimension].append(row)
    result = Breakdown(total=_line(grouped["party"], None), party=_line(grouped["party"], 1))
    for dimension in DIMENSIONS:
        keys = [row.key for row in grouped[dimension] if row.key is not None]
        names = _names(dimension, keys)
        rows = []
        for row in grouped[dimension]:
            name, month = names.get(row.key, (None, None))
            rows.append(
                BreakdownRow(row.key, name, hours_of(row.hours), row.people, row.records, month)
            )
        result.rows[dimension] = sorted(rows, key=_sort_key)
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
