"""Bulk writes for the city-scale demo: COPY on PostgreSQL, one executemany on SQLite.

A million rows through the ORM would take an hour; even Core's executemany spends most of its
time in type processing. Rows here arrive already in the database's own form (naive UTC
datetimes, dates, floats for hours), so every value must be what the column type would store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime

from sqlalchemy import text

from volunteer.extensions import db


class BulkWriter:
    """Writes rows into the session's own transaction, so one commit keeps or drops them all."""

    def __init__(self) -> None:
        self.conn = db.session.connection()
        self.postgres = self.conn.dialect.name == "postgresql"
        # SQLAlchemy's SQLite DateTime stores "YYYY-MM-DD HH:MM:SS.ffffff"; dates as ISO text.
        # Values written otherwise would compare wrongly against bound parameters as text.
        self.moment: Callable[[datetime | None], object] = (
            _identity if self.postgres else _sqlite_moment
        )
        self.day: Callable[[date | None], object] = _identity if self.postgres else _sqlite_day

    def write(self, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> int:
        """Insert the rows (tuples in `columns` order); return how many were written."""
        names = ", ".join(columns)
        count = 0
        if self.postgres:
            raw = self.conn.connection.driver_connection
            assert raw is not None  # a live connection's psycopg connection
            with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        rows = list(rows)
        marks = ", ".join("?" * len(columns))
        if rows:
            self.conn.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        return len(rows)

    @contextmanager
    def foreign_keys_checked_at_the_end(self, table: str) -> Iterator[None]:
        """Check `table`'s foreign keys once for all rows written inside, not row by row.

        PostgreSQL checks each key of each copied row with a trigger: five keys on a million
        records took minutes. Dropping the constraints and adding them back checks every row
        in one join per key; all inside the transaction, so nobody sees the table without them.
        """
        if not self.postgres:
            yield
            return
        keys = self.conn.execute(
            text(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE conrelid = CAST(:table AS regclass) AND contype = 'f'"
            ),
            {"table": table},
        ).all()
        for name, _definition in keys:
            self.conn.execute(text(f"ALTER TABLE {table} DROP CONSTRAINT {name}"))
        yield
        for name, definition in keys:
            self.conn.execute(text(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}"))

    def moments(self, rows: list[tuple], positions: tuple[int, ...]) -> list[tuple]:
        """Turn the naive UTC datetimes at `positions` of each row into the database's form."""
        if self.postgres:
            return rows
        converted = []
        for row in rows:
            values = list(row)
            for position in positions:
                values[position] = self.moment(values[position])
            converted.append(tuple(values))
        return converted

    def next_id(self, table: str) -> int:
        """Return the first id free above every existing row of `table`."""
        return (self.conn.scalar(text(f"SELECT max(id) FROM {table}")) or 0) + 1

    def fix_sequences(self, tables: Iterable[str]) -> None:
        """Move PostgreSQL's id sequences past the ids written by hand (SQLite needs nothing)."""
        if not self.postgres:
            return
        for table in tables:
            self.conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                )
            )

    def analyze(self) -> None:
        """Give PostgreSQL's planner statistics for the new rows, as autovacuum would soon."""
        if self.postgres:
            self.conn.execute(text("ANALYZE"))


def _identity(value):
    return value


def _sqlite_moment(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(" ", "microseconds")


def _sqlite_day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
