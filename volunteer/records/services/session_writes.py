"""The two writes of a check-in, each a statement built once: open a session, close it.

Building them anew for every sign-in and sign-out showed plainly in the POST's profile.
Parameters are named v_<column>: SQLAlchemy keeps the column names for itself.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Integer, bindparam, update

from volunteer.extensions import db
from volunteer.records.models import RecordStatus, ServiceRecord
from volunteer.records.totals import dialect_insert

OPENING_COLUMNS = (
    "account_id",
    "activity_id",
    "source",
    "status",
    "signed_in_at",
    "service_date",
    "recorded_by_id",
    "device",
)
CLOSING_COLUMNS = (
    "signed_out_at",
    "signed_out_by_id",
    "credited_minutes",
    "hours",
    "status",
    "review_level",
    "review_reason",
    "updated_at",
)


def insert_open_session(values: dict) -> ServiceRecord | None:
    """Insert an open session and return it; None when the person has one open already."""
    statement = _opening_statement(db.session.get_bind().dialect.name)
    return db.session.scalar(statement, _named(values))


def close_open_session(record_id: int, values: dict) -> ServiceRecord | None:
    """Write a session's close and return the row as now held; None if it was not open."""
    return db.session.scalars(
        _closing_statement(), {"record_id": record_id, **_named(values)}
    ).first()


def _named(values: dict) -> dict:
    return {f"v_{name}": value for name, value in values.items()}


def _values(columns: tuple[str, ...]) -> dict:
    table = ServiceRecord.__table__
    return {name: bindparam(f"v_{name}", type_=table.c[name].type) for name in columns}


@lru_cache(maxsize=2)
def _opening_statement(dialect: str):
    """One statement opens a session: the database's one-open-session index lets only one of
    two racing processes insert; the other inserts nothing (and reads the winner's row)."""
    insert = dialect_insert(ServiceRecord).values(_values(OPENING_COLUMNS))
    return insert.on_conflict_do_nothing().returning(ServiceRecord)


@lru_cache(maxsize=1)
def _closing_statement():
    """Compare and set: of two simultaneous sign-outs only one finds the session still open.
    One statement, answering the row as the database now holds it (no reading it back)."""
    return (
        update(ServiceRecord)
        .where(
            ServiceRecord.id == bindparam("record_id", type_=Integer),
            ServiceRecord.status == RecordStatus.OPEN,
        )
        .values(_values(CLOSING_COLUMNS))
        .returning(ServiceRecord)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
