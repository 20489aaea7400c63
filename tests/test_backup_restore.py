"""The restore drill of docs/operations.md: a backup taken while the app runs restores into a new
database holding the same records and giving the same progress figures.

SQLite: `flask backup create` copies through the online backup API and the copy is put in place.
PostgreSQL (VOLUNTEER_TEST_DATABASE_URL): the same command runs `pg_dump -Fc`, and `pg_restore`
loads the archive into a new database made for the test and dropped after it.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import DATABASE_URL, ON_POSTGRES, _settings
from flask import Flask
from progress_people_world import Y, people_world_fixture  # noqa: F401

from volunteer import create_app
from volunteer.activities.models import Activity, Category
from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Account
from volunteer.clock import utc_now
from volunteer.core.backup import libpq_connection
from volunteer.extensions import db as _db
from volunteer.records.models import RecordSource, RecordStatus
from volunteer.records.services import sessions

pytestmark = [
    pytest.mark.skipif(
        ON_POSTGRES and not (shutil.which("pg_dump") and shutil.which("pg_restore")),
        reason="pg_dump and pg_restore (the PostgreSQL client) are not installed: "
        "a PostgreSQL database cannot be backed up or restored",
    ),
    # Dropping the restored PostgreSQL database closes, under psycopg, a connection that the
    # drill's throwaway app still held; psycopg then warns as the collector frees it. That is
    # the drill's own app, not the product; what the drill proves is asserted below.
    pytest.mark.filterwarnings(
        "ignore:.*was deleted while still open:ResourceWarning",
        "ignore::pytest.PytestUnraisableExceptionWarning",
    ),
]


@pytest.fixture
def running(db, people_world, make_activity) -> Activity:
    """Last year's organisation; today an activity with one session over and one still open."""
    activity = make_activity(people_world.units["a"], "门诊导诊")
    now = utc_now()
    for name, minutes_ago in (("张一", 50), ("王二", 30)):
        sessions.record_sign_in(
            account=people_world.accounts[name],
            activity=activity,
            source=RecordSource.SELF_SCAN,
            at=now - timedelta(minutes=minutes_ago),
        )
    sessions.record_sign_out(
        account=people_world.accounts["张一"], activity=activity, at=now - timedelta(minutes=10)
    )
    db.session.commit()
    return activity


def row_counts(engine: sa.Engine) -> dict[str, int]:
    """Count the rows of every table in the database."""
    with engine.connect() as conn:
        return {
            name: conn.scalar(sa.select(sa.func.count()).select_from(sa.table(name)))
            for name in sa.inspect(conn).get_table_names()
        }


def figures(app: Flask) -> dict[tuple[int, str], list[dict]]:
    """`flask progress` for last year and this year, for the organisation and each hospital."""
    runner = app.test_cli_runner()
    shown = {}
    for year in (Y, Y + 1):
        for unit in ("", "H-A", "H-B"):
            args = ["progress", "--year", str(year), "--format", "json"]
            result = runner.invoke(args=args + (["--unit", unit] if unit else []))
            assert result.exit_code == 0, result.output
            shown[year, unit] = json.loads(result.output)
    return shown


def back_up(runner, directory: Path, *options: str) -> dict:
    """Run `flask backup create` as cron would; return the manifest it wrote."""
    result = runner.invoke(args=["backup", "create", str(directory), *options])
    assert result.exit_code == 0, result.output
    (manifest,) = [line.split("：", 1)[1] for line in result.output.splitlines() if "清单" in line]
    return json.loads(Path(manifest).read_text(encoding="utf-8"))


@contextmanager
def restored_copy(backup_file: Path, directory: Path) -> Iterator[str]:
    """Restore a backup into a new database as docs/operations.md says; yield its URL."""
    if not ON_POSTGRES:
        # SQLite's backup is a whole database file: restoring it is putting it in place.
        restored = directory / "restored.db"
        shutil.copyfile(backup_file, restored)
        yield f"sqlite:///{restored}"
        return
    test_url = sa.make_url(DATABASE_URL)
    url = test_url.set(database=f"{test_url.database}_restore_{os.getpid()}")
    admin = sa.create_engine(test_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    try:
        uri, environment = libpq_connection(url)
        subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={uri}",
                str(backup_file),
            ],
            env=environment,
            check=True,
            capture_output=True,
        )
        yield url.render_as_string(hide_password=False)
    finally:
        # Close what the restored app's sessions and CLI runs left for the collector while the
        # database still exists: a connection dropped under them fails noisily when collected.
        gc.collect()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        admin.dispose()


def test_a_restored_backup_holds_the_same_records_and_figures(app, db, running, runner, tmp_path):
    counts = row_counts(db.engine)
    shown = figures(app)
    assert counts["service_record"] == 14 and counts["audit_entry"] > 0
    assert shown[Y, ""][0]["approved_hours"] == 36 + 50 + 8 + 5
    assert shown[Y + 1, "H-A"][0]["approved_hours"] == 0.5

    manifest = back_up(runner, tmp_path / "backups")
    backup_file = tmp_path / "backups" / manifest["file"]
    assert manifest["tables"] == counts
    assert manifest["bytes"] == backup_file.stat().st_size
    assert backup_file.stat().st_mode & 0o777 == 0o600
    assert manifest["sha256"] == hashlib.sha256(backup_file.read_bytes()).hexdigest()

    with restored_copy(backup_file, tmp_path) as url:
        restored = create_app(_settings(url, str(tmp_path / "restored-instance")))
        with restored.app_context():
            assert row_counts(_db.engine) == counts
            assert figures(restored) == shown
            drill = restored.test_cli_runner()
            checked = drill.invoke(args=["backup", "verify", str(backup_file.with_suffix(".json"))])
            assert checked.exit_code == 0, checked.output
            assert f"共 {sum(counts.values())} 行" in checked.output
            totals = drill.invoke(args=["check-hours-totals"])
            assert totals.exit_code == 0, totals.output
            carry_on(running.id)
            _db.session.remove()
            _db.engine.dispose()
        # The CLI runs above may leave the test's own session holding a connection to the
        # restored database; give it back before the database is dropped under it.
        _db.session.remove()


def carry_on(activity_id: int) -> None:
    """In the restored copy the rules still hold and new rows go in: the open session ends."""
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), _db.engine.begin() as conn:
        conn.execute(sa.delete(AuditEntry))
    account = _db.session.scalar(sa.select(Account).where(Account.username == "S002"))
    activity = _db.session.get(Activity, activity_id)
    record = sessions.record_sign_out(account=account, activity=activity)
    _db.session.commit()
    assert record.status is RecordStatus.APPROVED
    entries = sa.select(sa.func.count()).where(
        AuditEntry.subject_type == "service_record", AuditEntry.subject_id == record.id
    )
    assert _db.session.scalar(entries) >= 2


def test_a_backup_holds_what_was_committed_when_it_was_taken(app, db, org, runner, tmp_path):
    categories = row_counts(db.engine)["category"]
    with db.engine.connect() as writer:
        writer.execute(sa.insert(Category).values(name="应急救援", sort_order=99, active=True))
        manifest = back_up(runner, tmp_path / "backups")
        writer.commit()
    assert manifest["tables"]["category"] == categories

    manifest_path = (tmp_path / "backups" / manifest["file"]).with_suffix(".json")
    result = runner.invoke(args=["backup", "verify", str(manifest_path)])
    assert result.exit_code == 1
    assert f"category\t{categories}\t{categories + 1}" in result.output.splitlines()
    assert "本数据库与备份不一致" in result.output


def test_keep_deletes_all_but_the_newest_backups(app, org, runner, tmp_path):
    directory = tmp_path / "backups"
    kept: list[str] = []
    for _ in range(3):
        kept = [*kept, back_up(runner, directory, "--keep", "2")["file"]][-2:]
        names = {path.name for path in directory.iterdir()}
        assert names == {*kept, *(str(Path(name).with_suffix(".json")) for name in kept)}
