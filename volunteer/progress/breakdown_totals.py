"""The breakdown's kept totals: approved hours, records and people per unit, party and group.

`unit_year_breakdown` sums each person's approved records under their roster unit and party
today, by team, project, category, monthly theme and 'all'. Each person lies in one (unit,
party), so people add up across the tree, and a commission's breakdown reads a few thousand
kept rows instead of a year of records. Kept exact at every commit: a record change recounts
its person's units for that year (records.totals, under the same commit hook), a sign-out adds
its exact difference, and a roster change that moves a person recounts both units.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Insert,
    Integer,
    Numeric,
    Select,
    and_,
    bindparam,
    case,
    delete,
    exists,
    extract,
    func,
    insert,
    literal_column,
    or_,
    select,
    union_all,
)

from volunteer.activities.models import Activity
from volunteer.extensions import db
from volunteer.progress.models import RosterEntry, UnitYearBreakdown
from volunteer.records.models import RecordStatus, ServiceRecord
from volunteer.units.models import Unit


def dialect_insert(table):
    """Each dialect has its own Insert with on_conflict_…; both are an Insert."""
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


DIMENSION_COLUMNS = {
    "all": None,
    "team": Activity.team_id,
    "project": Activity.project_id,
    "category": Activity.category_id,
    "theme": Activity.theme_id,
}
KEPT_COLUMNS = ["unit_id", "year", "party", "dimension", "key_id", "hours", "records", "people"]


def _branch(name: str, where: ColumnElement | None) -> Select:
    column = DIMENSION_COLUMNS[name]
    key = literal_column("0") if column is None else func.coalesce(column, 0)
    year = extract("year", ServiceRecord.service_date)
    groups = [RosterEntry.unit_id, year, RosterEntry.party_member]
    values: tuple[Any, ...] = (
        RosterEntry.unit_id,
        year,
        RosterEntry.party_member,
        literal_column(f"'{name}'"),
        key,
        func.sum(ServiceRecord.hours),
        func.count(),
        func.count(func.distinct(ServiceRecord.account_id)),
    )
    query = (
        select(*(value.label(label) for label, value in zip(KEPT_COLUMNS, values, strict=True)))
        .select_from(ServiceRecord)
        .join(Activity, Activity.id == ServiceRecord.activity_id)
        .join(RosterEntry, RosterEntry.account_id == ServiceRecord.account_id)
        .where(ServiceRecord.status == RecordStatus.APPROVED)
        .group_by(*groups, *([] if column is None else [key]))
    )
    return query if where is None else query.where(where)


def recounted(where: ColumnElement | None = None):
    """Select the kept rows recomputed from the records (of the units and years in `where`)."""
    return union_all(*(_branch(name, where) for name in DIMENSION_COLUMNS))


def _in_years(years: Iterable[int] | None) -> ColumnElement | None:
    if years is None:
        return None
    years = sorted(set(years))
    return and_(
        ServiceRecord.service_date >= date(years[0], 1, 1),
        ServiceRecord.service_date < date(years[-1] + 1, 1, 1),
        extract("year", ServiceRecord.service_date).in_(years),
    )


def recount_units(unit_ids: Iterable[int], years: Iterable[int] | None = None) -> None:
    """Recompute the kept rows of these units (for these years, or all): three statements."""
    ids = sorted(set(unit_ids))
    if not ids:
        return
    # One order of locks: two recounts of one unit wait for each other instead of colliding.
    db.session.execute(select(Unit.id).where(Unit.id.in_(ids)).order_by(Unit.id).with_for_update())
    _replace(RosterEntry.unit_id.in_(ids), ids, years)


def _replace(where: ColumnElement, ids: list[int], years: Iterable[int] | None) -> None:
    kept = UnitYearBreakdown.__table__
    in_years = _in_years(years)
    removed = delete(kept).where(kept.c.unit_id.in_(ids))
    if years is not None:
        removed = removed.where(kept.c.year.in_(sorted(set(years))))
    db.session.execute(removed)
    condition = where if in_years is None else and_(where, in_years)
    db.session.execute(insert(kept).from_select(KEPT_COLUMNS, recounted(condition)))


def units_changed(before: Iterable, after: Iterable) -> set[int]:
    """The units whose kept rows a roster change alters: a person's login, unit or party moved.

    Rows are (staff_member_id, account_id, unit_id, party_member), before and after the change.
    """
    old = {row[0]: tuple(row[1:]) for row in before}
    new = {row[0]: tuple(row[1:]) for row in after}
    units: set[int] = set()
    for staff_id in old.keys() | new.keys():
        was, now = old.get(staff_id), new.get(staff_id)
        if was != now:
            units.update(entry[1] for entry in (was, now) if entry is not None and entry[0])
    return units


def recount_people(keys: Iterable[tuple[int, int]]) -> None:
    """Recompute the kept rows of the units these (account, year) pairs belong to today.

    Four statements for any number of pairs: lock the units, delete, re-insert (the units'
    records of those years); none when none of the accounts is on the roster.
    """
    keys = set(keys)
    if not keys:
        return
    accounts = sorted({account_id for account_id, _ in keys})
    units_of = select(RosterEntry.unit_id).where(RosterEntry.account_id.in_(accounts))
    ids = list(
        db.session.scalars(
            select(Unit.id).where(Unit.id.in_(units_of)).order_by(Unit.id).with_for_update()
        )
    )
    if ids:
        _replace(RosterEntry.unit_id.in_(ids), ids, {year for _, year in keys})


@lru_cache(maxsize=2)
def _adding_statement(dialect: str) -> Insert:
    """Add one approved record to its person's unit rows: INSERT … SELECT … ON CONFLICT, built
    once. people grows by one only where the person had no other approved record in the group.
    """
    kept = UnitYearBreakdown.__table__
    record = ServiceRecord.__table__.alias("other")
    year_of = and_(
        record.c.account_id == RosterEntry.account_id,
        record.c.id != bindparam("record_id", type_=Integer),
        record.c.status == RecordStatus.APPROVED.value,
        record.c.service_date >= bindparam("first_day", type_=Date),
        record.c.service_date < bindparam("after_day", type_=Date),
    )
    branches = []
    for name, column in DIMENSION_COLUMNS.items():
        key = literal_column("0") if column is None else bindparam(name, type_=Integer)
        others = exists().where(year_of)
        if column is not None:
            theirs = Activity.__table__.alias(f"activity_{name}")
            others = exists().where(
                year_of,
                theirs.c.id == record.c.activity_id,
                func.coalesce(theirs.c[column.key], 0) == key,
            )
        branches.append(
            select(
                RosterEntry.unit_id,
                bindparam("year", type_=Integer),
                RosterEntry.party_member,
                literal_column(f"'{name}'"),
                key,
                bindparam("hours", type_=Numeric(10, 1)),
                literal_column("1"),
                case((others, 0), else_=1),
            ).where(RosterEntry.account_id == bindparam("account_id", type_=Integer))
        )
    statement = dialect_insert(kept).from_select(KEPT_COLUMNS, union_all(*branches))
    added = {
        name: kept.c[name] + statement.excluded[name] for name in ("hours", "records", "people")
    }
    return statement.on_conflict_do_update(index_elements=list(kept.primary_key), set_=added)


def add_approved(record: ServiceRecord, activity: Activity) -> None:
    """Add a record that has just become approved from open (a sign-out): one statement."""
    day = record.service_date
    params = {
        "record_id": record.id,
        "account_id": record.account_id,
        "year": day.year,
        "first_day": date(day.year, 1, 1),
        "after_day": date(day.year + 1, 1, 1),
        "hours": Decimal(str(record.hours or 0)),
        "team": activity.team_id or 0,
        "project": activity.project_id or 0,
        "category": activity.category_id or 0,
        "theme": activity.theme_id or 0,
    }
    statement = _adding_statement(db.session.get_bind().dialect.name)
    db.session.execute(statement, params)


def rebuild() -> int:
    """Replace every kept row by one recomputed from the records; return the rows written."""
    kept = UnitYearBreakdown.__table__
    db.session.execute(delete(kept))
    db.session.execute(insert(kept).from_select(KEPT_COLUMNS, recounted()))
    return db.session.execute(select(func.count()).select_from(kept)).scalar_one()


@dataclass(frozen=True)
class BreakdownDifference:
    """One kept breakdown figure that differs from its recount."""

    unit_id: int
    year: int
    party: bool
    dimension: str
    key_id: int
    column: str
    stored: Decimal
    recomputed: Decimal


FIGURES = ("hours", "records", "people")


def check() -> list[BreakdownDifference]:
    """Compare every kept breakdown row with a recount from the records, in SQL."""
    fresh = recounted().subquery()
    fresh_columns = dict(zip(KEPT_COLUMNS, fresh.c, strict=True))
    kept = UnitYearBreakdown.__table__
    keys = ("unit_id", "year", "party", "dimension", "key_id")
    same_key = and_(*(kept.c[name] == fresh_columns[name] for name in keys))
    differs = or_(*(func.coalesce(kept.c[name], -1) != fresh_columns[name] for name in FIGURES))
    found: list[BreakdownDifference] = []
    rows = db.session.execute(
        select(*fresh.c, *(kept.c[name] for name in FIGURES))
        .outerjoin(kept, same_key)
        .where(differs)
    )
    for row in rows:
        figures = dict(zip(KEPT_COLUMNS, row[:8], strict=True))
        for index, name in enumerate(FIGURES):
            stored, real = Decimal(str(row[8 + index] or 0)), Decimal(str(figures[name]))
            if stored != real:
                found.append(_difference(figures, name, stored, real))
    fresh_row = select(fresh_columns["unit_id"]).where(same_key).exists()
    nonzero = or_(*(kept.c[name] != 0 for name in FIGURES))
    for entry in db.session.execute(select(kept).where(~fresh_row, nonzero)).mappings():
        for name in FIGURES:
            if entry[name]:
                found.append(_difference(entry, name, Decimal(str(entry[name])), Decimal(0)))
    return found


def _difference(row, column: str, stored: Decimal, real: Decimal) -> BreakdownDifference:
    return BreakdownDifference(
        row["unit_id"],
        int(row["year"]),
        bool(row["party"]),
        row["dimension"],
        int(row["key_id"]),
        column,
        stored,
        real,
    )
