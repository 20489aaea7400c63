"""Every table's rows copied out of PostgreSQL and back in, for a demo loaded once per run.

Loading the demo through the services takes about 16 s on PostgreSQL, where the tests share one
database and so cannot start from a copied file as they do on SQLite. Its rows copied back with
COPY take about a second. Rows only: the schema stays as the migrations made it.
"""

from __future__ import annotations

import sqlalchemy as sa

from volunteer.activities.models import Category

# Each table's id sequence moved past the ids copied in, as the inserts would have left it.
MOVE_SEQUENCE = (
    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
    " HAVING max(id) IS NOT NULL"
)


def _copy_command(conn: sa.Connection, table: sa.Table, direction: str) -> str:
    quote = conn.dialect.identifier_preparer.quote
    columns = ", ".join(quote(column.name) for column in table.columns)
    return f"COPY {quote(table.name)} ({columns}) {direction} (FORMAT BINARY)"


def copy_out(conn: sa.Connection, metadata: sa.MetaData) -> dict[str, bytes]:
    """Return every table's rows, in PostgreSQL's binary COPY format, by table name."""
    rows = {}
    with conn.connection.driver_connection.cursor() as cursor:
        for table in metadata.sorted_tables:
            with cursor.copy(_copy_command(conn, table, "TO STDOUT")) as copy:
                rows[table.name] = b"".join(bytes(block) for block in copy)
    return rows


def copy_in(conn: sa.Connection, metadata: sa.MetaData, rows: dict[str, bytes]) -> None:
    """Write rows from copy_out into a clean database (only the seeded categories in it)."""
    conn.execute(sa.delete(Category))  # the copy holds them, and any the demo added
    with conn.connection.driver_connection.cursor() as cursor:
        for table in metadata.sorted_tables:  # tables referred to before those referring
            with cursor.copy(_copy_command(conn, table, "FROM STDIN")) as copy:
                copy.write(rows[table.name])
    for table in metadata.sorted_tables:
        if "id" in table.c:
            conn.execute(sa.text(MOVE_SEQUENCE.format(table=table.name)))
