"""Per-person-per-year hour totals, recomputed from the records whenever a record changes.

Progress pages read `person_year_hours` (one row per account and year) instead of summing a
million records on every request. Each record change notes its person's year; before the
transaction commits, each noted year is recomputed from the records (not adjusted by a
difference), so a total cannot drift; `check_totals` proves it for all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    delete,
    event,
    extract,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from volunteer.extensions import db
from volunteer.records.models import PersonYearHours, RecordSource, RecordStatus, ServiceRecord

ZERO = Decimal("0")
PENDING_KEY = "person_years_to_recount"


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


def _insert_ignoring_existing(account_id: int, year: int) -> None:
    """Create the person's row for the year unless another transaction already has."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    db.session.execute(
        dialect_insert(PersonYearHours)
        .values(account_id=account_id, year=year, **dict.fromkeys(PersonYearHours.TOTAL_COLUMNS, 0))
        .on_conflict_do_nothing()
    )


def refresh_person_year(account_id: int, year: int) -> None:
    """Recompute one account's totals for one year from its records."""
    _insert_ignoring_existing(account_id, year)
    key = (PersonYearHours.account_id == account_id, PersonYearHours.year == year)
    # Lock the row first: a concurrent change to the same person's year waits here, and its
    # sums below then see this transaction's records once it commits (READ COMMITTED).
    db.session.execute(select(PersonYearHours.account_id).where(*key).with_for_update())
    first, after = date(year, 1, 1), date(year + 1, 1, 1)
    values = (
        db.session.execute(
            select(*(column.label(name) for name, column in _total_columns().items())).where(
                ServiceRecord.account_id == account_id,
                ServiceRecord.service_date >= first,
                ServiceRecord.service_date < after,
            )
        )
        .mappings()
        .one()
    )
    db.session.execute(
        update(PersonYearHours).where(*key).values(**values),
        execution_options={"synchronize_session": False},
    )


def refresh_after_change(record: ServiceRecord, before: dict | None) -> None:
    """Note that the totals of the record's person must follow; they are recounted at commit.

    Deferred and deduplicated: a bulk approval or an import of many rows of one person recounts
    that person's year once, in the same transaction, just before it commits. A session that
    was only opened counts for nothing yet, so sign-ins note nothing. A correction that moves a
    record across New Year changes two years.
    """
    if before is None and record.status == RecordStatus.OPEN:
        return
    years = {record.service_date.year}
    if before and before.get("service_date"):
        years.add(date.fromisoformat(before["service_date"]).year)
    pending = db.session.info.setdefault(PENDING_KEY, set())
    pending.update((record.account_id, year) for year in years)


def refresh_pending(session: Session) -> None:
    """Recount every person-year noted in this transaction (before_commit)."""
    pending = session.info.pop(PENDING_KEY, None)
    for account_id, year in sorted(pending or ()):
        refresh_person_year(account_id, year)


def _forget(session: Session, *_args) -> None:
    session.info.pop(PENDING_KEY, None)


def install() -> None:
    """Recount the noted totals before every commit; forget them on rollback."""
    if not event.contains(Session, "before_commit", refresh_pending):
        event.listen(Session, "before_commit", refresh_pending)
        event.listen(Session, "after_rollback", _forget)


def _aggregate_all():
    """Select (account_id, year, totals…) for every account and year that has records."""
    year = _year_of_service()
    return select(
        ServiceRecord.account_id.label("account_id"),
        year.label("year"),
        *(column.label(name) for name, column in _total_columns().items()),
    ).group_by(ServiceRecord.account_id, year)


def rebuild_totals() -> int:
    """Replace every total by one recomputed from the records; return the rows written."""
    table = PersonYearHours.__table__
    db.session.execute(delete(table))
    columns = ["account_id", "year", *PersonYearHours.TOTAL_COLUMNS]
    db.session.execute(insert(table).from_select(columns, _aggregate_all()))
    # Counted rather than taken from rowcount, which psycopg leaves at -1 for INSERT … SELECT.
    return db.session.scalar(select(func.count()).select_from(table))


def _any_differs(fresh, stored) -> ColumnElement:
    # A missing stored row (NULL) differs too: -1 is never a sum of hours.
    return or_(
        *(
            func.coalesce(getattr(stored, name), -1) != getattr(fresh.c, name)
            for name in stored.TOTAL_COLUMNS
        )
    )


@dataclass(frozen=True)
class TotalDifference:
    """One account-year whose stored totals differ from its records."""

    account_id: int
    year: int
    column: str
    stored: Decimal
    recomputed: Decimal


def check_totals() -> list[TotalDifference]:
    """Compare every stored total with its records, in SQL; return the differences found."""
    fresh = _aggregate_all().subquery()
    stored = PersonYearHours
    differences: list[TotalDifference] = []
    # Stored against recomputed, for every account-year that has records …
    kept_columns = (getattr(stored, name).label(f"stored_{name}") for name in stored.TOTAL_COLUMNS)
    same_key = and_(stored.account_id == fresh.c.account_id, stored.year == fresh.c.year)
    rows = db.session.execute(
        select(fresh, *kept_columns).outerjoin(stored, same_key).where(_any_differs(fresh, stored))
    ).mappings()
    for row in rows:
        for name in stored.TOTAL_COLUMNS:
            kept = Decimal(row[f"stored_{name}"] if row[f"stored_{name}"] is not None else 0)
            real = Decimal(row[name])
            if kept != real:
                differences.append(
                    TotalDifference(row["account_id"], int(row["year"]), name, kept, real)
                )
    # … and stored totals with no records behind them that are not all zero.
    orphans = db.session.scalars(
        select(stored).where(
            ~select(fresh.c.account_id)
            .where(fresh.c.account_id == stored.account_id, fresh.c.year == stored.year)
            .exists()
        )
    )
    for row in orphans:
        for name in stored.TOTAL_COLUMNS:
            if getattr(row, name) != ZERO:
                differences.append(
                    TotalDifference(row.account_id, row.year, name, getattr(row, name), ZERO)
                )
    return differences
