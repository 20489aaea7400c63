"""Every table's rows copied out of PostgreSQL and back in, for a demo loaded once per run.

Loading the demo through the services takes about 16 s on PostgreSQL, where the tests share one
database and so cannot start from a copied file as they do on SQLite. Its rows copied back with
COPY take about a second. Rows only: the schema stays as the migrations made it. Both work in
the session's own transaction.
"""

from __future__ import annotations

import sqlalchemy as sa

from volunteer.activities.models import Category
from volunteer.demo.city_write import BulkWriter
from volunteer.extensions import db


def _copy_command(conn: sa.Connection, table: sa.Table, direction: str) -> str:
    quote = conn.dialect.identifier_preparer.quote
    columns = ", ".join(quote(column.name) for column in table.columns)
    return f"COPY {quote(table.name)} ({columns}) {direction} (FORMAT BINARY)"


def copy_out() -> dict[str, bytes]:
    """Return every table's rows, in PostgreSQL's binary COPY format, by table name."""
    conn = db.session.connection()
    rows = {}
    with conn.connection.driver_connection.cursor() as cursor:
        for table in db.metadata.sorted_tables:
            with cursor.copy(_copy_command(conn, table, "TO STDOUT")) as copy:
                rows[table.name] = b"".join(bytes(block) for block in copy)
    return rows


def copy_in(rows: dict[str, bytes]) -> None:
    """Write rows from copy_out into a clean database (only the seeded categories in it)."""
    writer = BulkWriter()
    conn = writer.conn
    conn.execute(sa.delete(Category))  # the copy holds them, and any the demo added
    with conn.connection.driver_connection.cursor() as cursor:
        for table in db.metadata.sorted_tables:  # tables referred to before those referring
            with cursor.copy(_copy_command(conn, table, "FROM STDIN")) as copy:
                copy.write(rows[table.name])
    # The ids were written by hand: move each id sequence past them, as inserts would have.
    writer.fix_sequences(table.name for table in db.metadata.sorted_tables if "id" in table.c)
