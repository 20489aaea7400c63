"""flask --app volunteer backup create DIR | verify MANIFEST: backups and the restore check.

A backup is one file, PostgreSQL's `pg_dump -Fc` archive or a copy made through SQLite's online
backup API, and a manifest beside it (`<same name>.json`): the row count of every table and the
schema revision, read from the same snapshot as the file. `verify`, run against a restored copy,
says whether it holds what the backup held. docs/operations.md has the drill.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import with_appcontext
from flask_babel import gettext as _

from volunteer.clock import utc_now
from volunteer.extensions import db

MANIFEST_FORMAT = 1
SUFFIXES = {"postgresql": ".dump", "sqlite": ".db"}


@dataclass(frozen=True)
class Contents:
    """What a database holds, as a restore drill compares it: rows per table, schema revision."""

    revision: str | None
    tables: dict[str, int]

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def database_contents(connection: sa.Connection) -> Contents:
    """Count the rows of every table the connection sees, and read the schema revision."""
    names = sorted(sa.inspect(connection).get_table_names())
    tables = {
        name: int(connection.scalar(sa.select(sa.func.count()).select_from(sa.table(name))) or 0)
        for name in names
    }
    revision = None
    if "alembic_version" in tables:
        revision = connection.scalar(sa.text("SELECT version_num FROM alembic_version"))
    return Contents(revision=revision, tables=tables)


def libpq_connection(url: sa.URL) -> tuple[str, dict[str, str]]:
    """Return the libpq URI of a PostgreSQL database, and an environment holding its password.

    The password goes in PGPASSWORD, not on the command line, where `ps` would show it.
    """
    environment = dict(os.environ)
    if url.password is not None:
        environment["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), environment


@click.group("backup")
def backup() -> None:
    """Back the database up, or check a restored copy against a backup."""


@backup.command("create")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--keep", type=click.IntRange(min=1), help="Then delete all but the newest N backups."
)
@with_appcontext
def create(directory: Path, keep: int | None) -> None:
    """Back up the database, and its manifest, into DIRECTORY.

    Safe while the app runs. PostgreSQL: pg_dump's custom format (restore it with pg_restore),
    on one snapshot. SQLite: a consistent copy through the online backup API, never a copy of
    the file as the app writes it. Files are readable by their owner only.
    """
    url = db.engine.url
    engine = url.get_backend_name()
    if engine not in SUFFIXES:
        raise click.ClickException(_("不支持备份此类数据库：%(engine)s", engine=engine))
    directory.mkdir(parents=True, exist_ok=True)
    taken_at = utc_now()
    target = _free_name(directory, f"volunteer-{taken_at:%Y%m%dT%H%M%SZ}", SUFFIXES[engine])
    # Written under another name and renamed when whole: a killed run leaves no file that
    # looks like a backup.
    partial = target.with_name(target.name + ".partial")
    try:
        if engine == "postgresql":
            contents = _dump_postgres(url, partial)
        else:
            contents = _copy_sqlite(url, partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.chmod(0o600)  # names, phone and ID numbers: for the owner only, whatever the umask
    partial.replace(target)
    manifest = target.with_suffix(".json")
    _write_manifest(manifest, target, engine, url, taken_at.isoformat(), contents)
    size = f"{target.stat().st_size / 1_000_000:.1f} MB"
    click.echo(
        _(
            "已备份到 %(file)s（%(size)s，%(tables)d 张表，共 %(rows)d 行，"
            "数据库版本 %(revision)s）。",
            file=target,
            size=size,
            tables=len(contents.tables),
            rows=contents.rows,
            revision=contents.revision or "—",
        )
    )
    click.echo(_("清单：%(file)s", file=manifest))
    for removed in _prune(directory, keep) if keep else []:
        click.echo(_("已删除较早的备份：%(file)s", file=removed))


@backup.command("verify")
@click.argument("manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def verify(manifest: Path) -> None:
    """Check this database against a backup's manifest.

    Compares the rows in every table and the schema revision, and exits 1 when any differs.
    Point the app at the restored copy (VOLUNTEER_DATABASE_URL) before running it.
    """
    try:
        expected = json.loads(manifest.read_text(encoding="utf-8"))
        before: dict[str, int] = dict(expected["tables"])
    except (ValueError, KeyError, TypeError):
        raise click.ClickException(_("这不是备份清单：%(file)s", file=manifest)) from None
    with db.engine.connect() as connection:
        found = database_contents(connection)
    differences = [
        (name, before.get(name), found.tables.get(name))
        for name in sorted(before.keys() | found.tables.keys())
        if before.get(name) != found.tables.get(name)
    ]
    revision_differs = expected.get("revision") != found.revision
    if revision_differs:
        click.echo(
            _(
                "数据库版本：备份为 %(before)s，本数据库为 %(now)s",
                before=expected.get("revision") or "—",
                now=found.revision or "—",
            )
        )
    if differences:
        click.echo("\t".join([_("表"), _("备份"), _("本数据库")]))
        for name, rows_before, rows_now in differences:
            click.echo(f"{name}\t{_or_dash(rows_before)}\t{_or_dash(rows_now)}")
    if differences or revision_differs:
        raise click.ClickException(_("本数据库与备份不一致。"))
    click.echo(
        _(
            "与备份一致：%(tables)d 张表，共 %(rows)d 行，数据库版本 %(revision)s。",
            tables=len(found.tables),
            rows=found.rows,
            revision=found.revision or "—",
        )
    )


def _dump_postgres(url: sa.URL, partial: Path) -> Contents:
    """Run pg_dump on a snapshot this transaction exports, and count the rows in the same one."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise click.ClickException(
            _("找不到 pg_dump：请安装 PostgreSQL 客户端（与数据库服务器同一大版本或更新）。")
        )
    # A connection of its own, so the snapshot is taken now, whatever the session has read.
    connection = db.engine.connect().execution_options(isolation_level="REPEATABLE READ")
    with connection, connection.begin():
        snapshot = connection.scalar(sa.text("SELECT pg_export_snapshot()"))
        contents = database_contents(connection)
        uri, environment = libpq_connection(url)
        # The snapshot lives as long as this transaction, so pg_dump runs inside it.
        completed = subprocess.run(
            [
                pg_dump,
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={partial}",
                f"--dbname={uri}",
            ],
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
    if completed.returncode != 0:
        raise click.ClickException(_("pg_dump 失败：%(error)s", error=completed.stderr.strip()))
    return contents


def _copy_sqlite(url: sa.URL, partial: Path) -> Contents:
    """Copy the database through SQLite's backup API, check the copy, and count its rows."""
    source = Path(url.database or "")
    if not source.is_file():
        raise click.ClickException(_("找不到数据库文件：%(file)s", file=source))
    partial.unlink(missing_ok=True)
    # One step (pages=-1): the copy is the database as committed at one moment; writers wait.
    with closing(sqlite3.connect(source)) as live, closing(sqlite3.connect(partial)) as copy:
        live.backup(copy)
        check = copy.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        raise click.ClickException(_("备份副本校验失败：%(error)s", error=check))
    engine = sa.create_engine(sa.URL.create("sqlite", database=str(partial)))
    try:
        with engine.connect() as connection:
            return database_contents(connection)
    finally:
        engine.dispose()


def _free_name(directory: Path, stem: str, suffix: str) -> Path:
    """Name a new backup; a second one in the same second gets -2, -3, …"""
    name, n = stem, 1
    while any(directory.glob(f"{name}.*")):
        n += 1
        name = f"{stem}-{n}"
    return directory / f"{name}{suffix}"


def _write_manifest(
    path: Path, target: Path, engine: str, url: sa.URL, taken_at: str, contents: Contents
) -> None:
    """Write the manifest last, so that one beside a file says the file is whole."""
    digest = hashlib.sha256()
    with target.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    manifest = {
        "format": MANIFEST_FORMAT,
        "file": target.name,
        "bytes": target.stat().st_size,
        "sha256": digest.hexdigest(),
        "engine": engine,
        "database": url.render_as_string(hide_password=True),
        "taken_at": taken_at,
        "revision": contents.revision,
        "tables": contents.tables,
    }
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    partial.replace(path)


def _prune(directory: Path, keep: int) -> list[Path]:
    """Delete the backups in `directory` older than its newest `keep`; return the files deleted."""
    backups = []
    for manifest in directory.glob("volunteer-*.json"):
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
            # Only a name inside this folder, whatever a manifest says.
            backups.append((data["taken_at"], manifest, directory / Path(data["file"]).name))
        except (OSError, ValueError, KeyError, TypeError):
            continue  # not one of ours: leave it alone
    removed = []
    for _taken_at, manifest, file in sorted(backups)[:-keep]:
        file.unlink(missing_ok=True)
        manifest.unlink()
        removed.append(file)
    return removed


def _or_dash(count: int | None) -> str:
    """Show a missing table's count as a dash."""
    return "—" if count is None else str(count)
