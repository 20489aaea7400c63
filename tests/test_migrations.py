"""The migrations build the schema the models describe, on an empty database of either engine."""

import logging.handlers

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from conftest import _settings
from flask_migrate import downgrade, upgrade

from volunteer import create_app
from volunteer.extensions import db


def _differences(engine) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_migrated_database_matches_the_models(app):
    """The test database was upgraded from empty by the migrations (SQLite or PostgreSQL)."""
    assert _differences(db.engine) == []
    with db.engine.connect() as conn:
        head = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
    assert head


def _fresh_sqlite_app(tmp_path):
    """An app of the suite's settings on an empty SQLite file of its own."""
    return create_app(_settings(f"sqlite:///{tmp_path / 'fresh.db'}", str(tmp_path)))


def test_sqlite_upgrades_from_empty_downgrades_and_upgrades_again(tmp_path):
    app = _fresh_sqlite_app(tmp_path)
    with app.app_context():
        upgrade()
        assert "audit_entry" in sa.inspect(db.engine).get_table_names()
        downgrade(revision="base")
        assert sa.inspect(db.engine).get_table_names() == ["alembic_version"]
        upgrade()
        assert _differences(db.engine) == []
        db.engine.dispose()


def test_the_apps_log_still_reaches_its_handlers_after_a_migration(tmp_path):
    """Alembic's logging set-up leaves the app's logger on (it used to switch it off)."""
    app = _fresh_sqlite_app(tmp_path)
    app.logger.info("the logger exists before the migration, as in `flask db upgrade`")
    with app.app_context():
        upgrade()
        db.engine.dispose()
    # A handler of the app's own: the root's are Alembic's now, as in a real migration.
    kept = logging.handlers.BufferingHandler(capacity=10)
    app.logger.addHandler(kept)
    try:
        app.logger.warning("after the migration")
    finally:
        app.logger.removeHandler(kept)
    assert [record.getMessage() for record in kept.buffer] == ["after the migration"]
