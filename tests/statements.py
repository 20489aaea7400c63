"""Count the SQL statements a block of code sends (to pin down N+1 reads) and the rows it left."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event


@contextmanager
def sent_statements(engine) -> Iterator[list[str]]:
    """Yield a list that fills with every statement `engine` executes inside the block."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def table_counts(db) -> dict[str, int]:
    """Count the rows of every table: "nothing written" means none of these moved."""
    return {
        table.name: db.session.scalar(db.select(db.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }
