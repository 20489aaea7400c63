"""The demo loaded as of an earlier moment, as a machine finds it on a later day.

Loading the demo writes a year of sessions through the services (some seconds), so a test module
loads it once into a copy of the migrated database and each test starts from a copy of that
file (SQLite); on PostgreSQL, whose tests share one database, the first test loads it and the
later ones copy its rows back in.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import ON_POSTGRES, _settings
from flask import Flask
from table_copies import copy_in, copy_out

from volunteer import create_app
from volunteer.clock import utc_now
from volunteer.demo.services import load_demo
from volunteer.extensions import db

# The moments the demo is loaded as of: tests that ask for the same one share a single load.
# A machine that loaded the demo two days ago and runs `make run` again today.
TWO_DAYS_AGO = utc_now() - timedelta(days=2)
# A fixed day in December (12:00 in Shanghai), so the year's figures are the same on any run.
DECEMBER = datetime(2026, 12, 1, 4, 0, tzinfo=UTC)

# SQLite files with the demo loaded, by moment: made by whichever module asks first.
SQLITE_DEMOS: dict[datetime, str] = {}

# The demo's rows on PostgreSQL by the moment it was loaded as of (tests/table_copies.py).
POSTGRES_DEMOS: dict[datetime, dict[str, bytes]] = {}


def demo_template(migrated_database: str, directory: Path, now: datetime) -> str | None:
    """Return a SQLite file with the schema and the demo loaded as of `now` (None: PostgreSQL)."""
    if ON_POSTGRES:
        return None
    if now in SQLITE_DEMOS:
        return SQLITE_DEMOS[now]
    path = directory / "demo.db"
    shutil.copyfile(migrated_database.removeprefix("sqlite:///"), path)
    app = create_app(_settings(f"sqlite:///{path}", str(directory)))
    with app.app_context():
        load_demo(now=now)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    SQLITE_DEMOS[now] = str(path)
    return str(path)


def skip_unless_loaded_on_postgres(request: pytest.FixtureRequest) -> None:
    """On PostgreSQL, load the demo only for tests marked demo_on_postgres.

    A year of demo sessions written through the services takes about 16 s there (once per
    moment and run; use_demo copies the rows back for later tests): the marked tests prove the
    demo loads and runs on PostgreSQL, and the rest check its content, the same on both.
    """
    if ON_POSTGRES and request.node.get_closest_marker("demo_on_postgres") is None:
        pytest.skip("checks the demo's content, loaded on SQLite; demo_on_postgres tests load it")


def use_demo(app: Flask, template: str | None, now: datetime) -> None:
    """Give the test's database the demo as of `now`: a copy of the template, or a fresh load."""
    if template is None:
        # PostgreSQL: the first test to ask for `now` loads it; later ones copy its rows back.
        rows = POSTGRES_DEMOS.get(now)
        if rows is None:
            load_demo(now=now)
            db.session.commit()
            POSTGRES_DEMOS[now] = copy_out()
        else:
            copy_in(rows)
        db.session.commit()
        return
    db.session.remove()
    db.engine.dispose()
    shutil.copyfile(template, app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
