"""Per-person-per-year hour totals, kept exact after every record change.

Progress pages read `person_year_hours` (one row per account and year) instead of summing a
million records on every request. Each record change notes its person's year; before the
transaction commits, the noted years are recomputed from the records in four statements
however many there are. A session closed by compare-and-set from open (a sign-out, a forgotten
sign-out) changes the totals by exactly what it now counts, so that difference is added in one
upsert instead. `check_totals` (flask check-hours-totals) recounts everything and proves it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache

from sqlalchemy import (
    ColumnElement,
    Insert,
    and_,
    bindparam,
    case,
    delete,
    event,
    extract,
    func,
    insert,
    select,
    tuple_,
    update,
)
from sqlalchemy.orm import Session

from volunteer.extensions import db
from volunteer.progress import breakdown_totals
from volunteer.records.models import PersonYearHours, RecordSource, RecordStatus, ServiceRecord

ZERO = Decimal("0")
PENDING_KEY = "person_years_to_recount"
DELTA_KEY = "person_year_differences"
# Sign-outs whose approved record the breakdown's kept rows add (progress.breakdown_totals).
APPROVED_KEY = "breakdown_records_to_add"
TOTAL_COLUMNS = PersonYearHours.TOTAL_COLUMNS


def _sum_when(condition: ColumnElement) -> ColumnElement:
    return func.coalesce(func.sum(case((condition, ServiceRecord.hours), else_=0)), 0)


def _total_columns() -> dict[str, ColumnElement]:
    """Each total of PersonYearHours as an aggregate over ServiceRecord."""
    approved = ServiceRecord.status == RecordStatus.APPROVED
    month = extract("month", ServiceRecord.service_date)
    columns = {
        "approved_hours": _sum_when(approved),
        "make_up_hours": _sum_when(and_(approved, ServiceRecord.source == RecordSource.MAKE_UP)),
        "pending_hours": _sum_when(ServiceRecord.status == RecordStatus.NEEDS_REVIEW),
    }
    for number, name in enumerate(PersonYearHours.MONTH_COLUMNS, start=1):
        columns[name] = _sum_when(and_(approved, month == number))
    return columns


def _year_of_service() -> ColumnElement:
    return extract("year", ServiceRecord.service_date)


def dialect_insert(table):
    """Each dialect has its own Insert with on_conflict_…; both are an Insert."""
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


def _zero_row(account_id: int, year: int) -> dict:
    return {"account_id": account_id, "year": year, **dict.fromkeys(TOTAL_COLUMNS, 0)}


def refresh_person_years(keys: list[tuple[int, int]]) -> None:
    """Recompute the totals of these (account, year) pairs from their records: four statements
    for any number of pairs (create the missing rows, lock them in order, sum, write)."""
    keys = sorted(set(keys))
    if not keys:
        return
    table = PersonYearHours.__table__
    statement: Insert = dialect_insert(table).on_conflict_do_nothing()
    db.session.execute(statement.values([_zero_row(*key) for key in keys]))
    # Lock the rows first, in one order: a concurrent change to the same person's year waits
    # here, and its sums below then see this transaction's records once it commits.
    in_keys = tuple_(table.c.account_id, table.c.year).in_(keys)
    db.session.execute(
        select(table.c.account_id).where(in_keys).order_by(*table.primary_key).with_for_update()
    )
    service_year = _year_of_service()
    sums = db.session.execute(
        select(
            ServiceRecord.account_id.label("account_id"),
            service_year.label("year"),
            *(column.label(name) for name, column in _total_columns().items()),
        )
        .where(
            ServiceRecord.account_id.in_({account_id for account_id, _ in keys}),
            ServiceRecord.service_date >= date(min(year for _, year in keys), 1, 1),
            ServiceRecord.service_date < date(max(year for _, year in keys) + 1, 1, 1),
        )
        .group_by(ServiceRecord.account_id, service_year)
    ).mappings()
    values = {key: _zero_row(*key) for key in keys}
    for row in sums:
        key = (row["account_id"], int(row["year"]))
        if key in values:
            values[key].update({name: row[name] for name in TOTAL_COLUMNS})
    db.session.execute(
        update(table)
        .where(
            table.c.account_id == bindparam("key_account_id"),
            table.c.year == bindparam("key_year"),
        )
        .values({name: bindparam(name) for name in TOTAL_COLUMNS}),
        [
            {"key_account_id": account_id, "key_year": year_, **{n: row[n] for n in TOTAL_COLUMNS}}
            for (account_id, year_), row in values.items()
        ],
    )


def refresh_person_year(account_id: int, year: int) -> None:
    """Recompute one account's totals for one year from its records."""
    refresh_person_years([(account_id, year)])


def _credit(status, source, hours, day: date) -> dict[str, Decimal]:
    """What one record in this state counts for in its year's totals."""
    hours = Decimal(str(hours or 0))
    if status == RecordStatus.APPROVED:
        credit = {"approved_hours": hours, PersonYearHours.MONTH_COLUMNS[day.month - 1]: hours}
        if source == RecordSource.MAKE_UP:
            credit["make_up_hours"] = hours
        return credit
    if status == RecordStatus.NEEDS_REVIEW:
        return {"pending_hours": hours}
    return {}


def refresh_after_change(
    record: ServiceRecord, before: dict | None, *, exact_before: bool = False
) -> None:
    """Note that the totals of the record's person must follow; they are written at commit.

    Deferred and deduplicated: a bulk approval or an import of many rows of one person recounts
    that person's year once, in the same transaction, just before it commits. A session that
    was only opened counts for nothing yet, so sign-ins note nothing. A correction that moves a
    record across New Year changes two years.

    `exact_before`: the change was a compare-and-set from `before` (a sign-out closing an open
    session), so the difference it makes is known exactly and is added instead of recounting.
    """
    if before is None and record.status == RecordStatus.OPEN:
        return
    if exact_before and before is not None and before.get("status") == RecordStatus.OPEN:
        key = (record.account_id, record.service_date.year)
        credit = _credit(record.status, record.source, record.hours, record.service_date)
        kept = db.session.info.setdefault(DELTA_KEY, {}).setdefault(key, {})
        for name, hours in credit.items():
            kept[name] = kept.get(name, ZERO) + hours
        if record.status == RecordStatus.APPROVED:
            added = db.session.info.setdefault(APPROVED_KEY, [])
            added.append((key, record, record.activity))
        return
    years = {record.service_date.year}
    if before and before.get("service_date"):
        years.add(date.fromisoformat(before["service_date"]).year)
    pending = db.session.info.setdefault(PENDING_KEY, set())
    pending.update((record.account_id, year) for year in years)


@lru_cache(maxsize=2)
def _adding_statement(dialect: str) -> Insert:
    """INSERT … ON CONFLICT DO UPDATE adding each column to the kept row: built once."""
    table = PersonYearHours.__table__
    statement = dialect_insert(table)
    added = {name: table.c[name] + statement.excluded[name] for name in TOTAL_COLUMNS}
    return statement.on_conflict_do_update(index_elements=list(table.primary_key), set_=added)


def add_pending_differences(session: Session, recounted: set) -> None:
    """Add each noted exact difference to its row in one statement (before_commit)."""
    differences = session.info.pop(DELTA_KEY, None) or {}
    rows = [
        {**_zero_row(*key), **credit}
        for key, credit in sorted(differences.items())
        if key not in recounted
    ]
    if rows:
        statement = _adding_statement(session.get_bind().dialect.name)
        session.execute(statement, rows)


def refresh_pending(session: Session) -> None:
    """Write every total noted in this transaction (before_commit): the exact differences added,
    the rest recounted from the records."""
    pending = session.info.pop(PENDING_KEY, None) or set()
    approved = session.info.pop(APPROVED_KEY, None) or []
    add_pending_differences(session, pending)
    refresh_person_years(list(pending))
    # The breakdown's rows follow in the same transaction: recounted for the units of the noted
    # people, and each sign-out's approved record added (unless its person was recounted).
    added = [(record, activity) for key, record, activity in approved if key not in pending]
    if len(added) > 1:  # Many at once (a sweep): one recount, a fixed number of statements.
        pending |= {(record.account_id, record.service_date.year) for record, _ in added}
        added = []
    breakdown_totals.recount_people(pending)
    for record, activity in added:
        breakdown_totals.add_approved(record, activity)


def _forget(session: Session, *_args) -> None:
    session.info.pop(PENDING_KEY, None)
    session.info.pop(DELTA_KEY, None)
    session.info.pop(APPROVED_KEY, None)


def install() -> None:
    """Recount the noted totals before every commit; forget them on rollback."""
    if not event.contains(Session, "before_commit", refresh_pending):
        event.listen(Session, "before_commit", refresh_pending)
        event.listen(Session, "after_rollback", _forget)


def aggregate_all():
    """Select (account_id, year, totals…) for every account and year that has records."""
    year = _year_of_service()
    return select(
        ServiceRecord.account_id.label("account_id"),
        year.label("year"),
        *(column.label(name) for name, column in _total_columns().items()),
    ).group_by(ServiceRecord.account_id, year)


def rebuild_totals(*, breakdown: bool = True) -> int:
    """Replace every total by one recomputed from the records; return the rows written.

    `breakdown=False` when rebuild_roster follows: it rebuilds the breakdown's kept rows from
    both (minutes at province scale), so they are rebuilt once, not twice.
    """
    table = PersonYearHours.__table__
    db.session.execute(delete(table))
    columns = ["account_id", "year", *PersonYearHours.TOTAL_COLUMNS]
    db.session.execute(insert(table).from_select(columns, aggregate_all()))
    if breakdown:
        breakdown_totals.rebuild()
    # Counted rather than taken from rowcount, which psycopg leaves at -1 for INSERT … SELECT.
    return db.session.execute(select(func.count()).select_from(table)).scalar_one()
