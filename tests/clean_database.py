"""Empty PostgreSQL's tables after a test, leaving them as the migrations made them.

The runs on PostgreSQL share one database, so each test's rows go at its end. A TRUNCATE of all
33 tables took about 90 ms per test (new files for every table and index), minutes per run; a
DELETE of the few tables a test wrote to takes about 1 ms. The tables whose triggers refuse
DELETE by design (the audit log, service records) are truncated, and only when written to.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy

from volunteer.activities.models import DEFAULT_CATEGORIES, Category

# Tables with a row trigger fired by DELETE (tgtype bit 3), such as the append-only audit log.
REFUSING_DELETE = sa.text(
    "SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger"
    " WHERE NOT tgisinternal AND (tgtype & 8) <> 0"
)
# What TRUNCATE ... RESTART IDENTITY did: every sequence starts again. All of them, not only
# those with a last_value: a sequence moved with setval(..., false), as BulkWriter.fix_sequences
# does after a COPY, shows no last_value yet would hand out ids past the start.
RESTART_SEQUENCES = sa.text(
    "SELECT setval(format('%I.%I', schemaname, sequencename), start_value, false)"
    " FROM pg_sequences WHERE schemaname = current_schema()"
)


def empty_database(db: SQLAlchemy) -> None:
    """End the test's session, then empty the tables in a transaction of their own."""
    db.session.remove()
    with db.engine.begin() as conn:
        empty_tables(conn, db.metadata)


def empty_tables(conn: sa.Connection, metadata: sa.MetaData) -> None:
    """Remove every row the test left, restart the sequences, put back the seeded categories."""
    quote = conn.dialect.identifier_preparer.quote
    names = [table.name for table in metadata.sorted_tables]
    holding_rows = " UNION ALL ".join(
        f"SELECT '{name}' WHERE EXISTS (SELECT 1 FROM {quote(name)})" for name in names
    )
    written = set(conn.execute(sa.text(holding_rows)).scalars())
    refusing = written & set(conn.execute(REFUSING_DELETE).scalars())
    if refusing:
        # CASCADE also empties the tables that refer to these; their DELETE below finds nothing.
        conn.execute(sa.text(f"TRUNCATE {', '.join(map(quote, sorted(refusing)))} CASCADE"))
    for name in reversed(names):  # referring tables before the tables they refer to
        if name in written - refusing:
            conn.execute(sa.text(f"DELETE FROM {quote(name)}"))
    conn.execute(RESTART_SEQUENCES)
    reseed_categories(conn)


def reseed_categories(conn: sa.Connection) -> None:
    """Put back the categories the migration seeds (ids 1, 2, …)."""
    conn.execute(
        sa.insert(Category),
        [
            {"name": name, "sort_order": index, "active": True}
            for index, name in enumerate(DEFAULT_CATEGORIES, start=1)
        ],
    )
