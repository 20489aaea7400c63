"""The new migrations upgrade a populated database without losing or changing a figure.

The demo is loaded at head; the database goes down to the last released revision, as a
deployment still on the previous release holds it, and up again. Every table's rows, the
people's logins and the progress figures are the same afterwards, and the demo logins
still work (SQLite, and PostgreSQL when the suite runs there).
"""

from __future__ import annotations

import hashlib
import json

import pytest
import sqlalchemy as sa
from demo_world import DECEMBER, demo_template, use_demo
from flask import Flask
from flask_migrate import downgrade, upgrade

from volunteer.demo.logins import DEMO_PASSWORD
from volunteer.extensions import db

# The schema units run today: every revision after it is new in this release.
RELEASED = "8e77351fad31"
ACCOUNT_COLUMNS = (
    "id, username, phone, display_name, password_hash, active, staff_member_id, created_at, "
    "last_login_at"
)


@pytest.fixture(scope="module")
def december(migrated_database, tmp_path_factory):
    return demo_template(migrated_database, tmp_path_factory.mktemp("demo-migrations"), DECEMBER)


def _tables() -> set[str]:
    """The tables the database holds at its current revision."""
    with db.engine.connect() as conn:
        return set(sa.inspect(conn).get_table_names()) - {"alembic_version"}


def _row_counts(names: set[str]) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {
            name: conn.scalar(sa.select(sa.func.count()).select_from(sa.table(name)))
            for name in sorted(names)
        }


def _sums() -> dict[str, object]:
    """The hours behind every figure: minutes per record status, yearly totals per person."""
    with db.engine.connect() as conn:
        minutes = conn.execute(
            sa.text(
                "SELECT status, COUNT(*), SUM(credited_minutes) FROM service_record "
                "GROUP BY status ORDER BY status"
            )
        ).all()
        totals = conn.execute(sa.text("SELECT * FROM person_year_hours ORDER BY 1, 2")).all()
        accounts = conn.execute(sa.text(f"SELECT {ACCOUNT_COLUMNS} FROM account ORDER BY id"))
        digest = hashlib.sha256(repr(accounts.all()).encode()).hexdigest()
    return {
        "minutes": [tuple(row) for row in minutes],
        "totals": len(totals),
        "accounts": digest,
        "totals_digest": hashlib.sha256(repr(totals).encode()).hexdigest(),
    }


def _progress(app: Flask) -> dict[str, list[dict]]:
    """`flask progress` for the organisation and each of its hospitals."""
    runner = app.test_cli_runner()
    organisation = runner.invoke(args=["progress", "--year", "2026", "--format", "json"])
    assert organisation.exit_code == 0, organisation.output
    rows = json.loads(organisation.output)
    shown = {"": rows}
    for row in rows[1:]:
        result = runner.invoke(
            args=["progress", "--year", "2026", "--unit", row["code"], "--format", "json"]
        )
        assert result.exit_code == 0, result.output
        shown[row["code"]] = json.loads(result.output)
    return shown


def _figures(app: Flask, tables: set[str]) -> dict[str, object]:
    db.session.remove()
    return {"rows": _row_counts(tables), "sums": _sums(), "progress": _progress(app)}


def test_the_new_migrations_keep_every_figure_of_a_populated_database(app, december):
    use_demo(app, december, DECEMBER)
    before = _figures(app, _tables())
    assert before["rows"]["service_record"] > 1000 and before["rows"]["account"] > 100

    db.session.remove()
    downgrade(revision=RELEASED)
    # Tables new in this release are dropped and come back empty; the rest must be unchanged.
    released = _tables()
    before["rows"] = {name: count for name, count in before["rows"].items() if name in released}
    with db.engine.connect() as conn:
        versions = conn.scalars(sa.text("SELECT DISTINCT session_version FROM account")).all()
    assert versions == [1]
    upgrade()
    db.session.remove()

    after = _figures(app, released)
    assert after == before
    with db.engine.connect() as conn:
        assert conn.scalars(sa.text("SELECT DISTINCT failed_logins FROM account")).all() == [0]
    login = app.test_client().post(
        "/login", data={"identifier": "admin", "password": DEMO_PASSWORD}
    )
    assert login.status_code == 302
