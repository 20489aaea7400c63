"""The city- and province-scale databases of bench/progress.py: built once by `flask demo-data
--scale city|province`, reused while their marker matches, and the floor statement the pages
are compared with."""

from __future__ import annotations

import hashlib
import os
import secrets
import subprocess
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from http_load import BIN, OUT, ROOT, BenchFailed

ADMIN_URL = os.environ.get(
    "VOLUNTEER_BENCH_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
DATABASE = "volunteer_bench_progress"
MANAGER, PASSWORD = "manager", "Demo@2026"  # the top unit's manager (volunteer/demo/city.py)


@dataclass(frozen=True)
class Scale:
    """A size of demo to measure: its database, and the units whose pages are timed."""

    name: str  # the demo-data --scale
    database: str
    units: tuple[tuple[str, str], ...]  # (what it is, code): the top unit first
    floor_runs: int | None = None  # None: as many as the pages; the floor sums every record
    databases: tuple[str, ...] = ("sqlite", "postgresql")

    def url(self, database: str) -> str:
        if database == "sqlite":
            return f"sqlite:///{Path('/tmp') / (self.database + '.db')}"
        return f"{ADMIN_URL.rsplit('/', 1)[0]}/{self.database}"


SCALES = {
    "city": Scale("city", DATABASE, (("commission", "WJW"), ("hospital", "H01"))),
    # The province's first city is the city above (same seed), under the provincial commission.
    "province": Scale(
        "province",
        "volunteer_bench_province",
        (("commission", "WSJKW"), ("city commission", "C01"), ("hospital", "C01-H01")),
        floor_runs=5,
        databases=("postgresql",),  # demo-data refuses the province on SQLite
    ),
}
# What the marker hashes: a change to any of them builds the city again.
GENERATOR = [
    *sorted((ROOT / "volunteer" / "demo").glob("city*.py")),
    ROOT / "volunteer" / "demo" / "province.py",
    ROOT / "volunteer" / "demo" / "people.py",
    # The derived tables the generator rebuilds.
    *sorted((ROOT / "volunteer" / "records").glob("totals*.py")),
    *sorted((ROOT / "volunteer" / "progress").glob("breakdown_totals*.py")),
    ROOT / "volunteer" / "progress" / "roster_sync.py",
]
MIGRATIONS = sorted((ROOT / "migrations" / "versions").glob("*.py"))

# The floor: docs/rules.md §4 in one statement over the roster, registrations, moves and records.
FLOOR = sa.text(
    """
WITH people AS (
    SELECT s.id AS staff_id,
           COALESCE((SELECT t.from_unit_id FROM staff_transfer t
                     WHERE t.staff_member_id = s.id AND t.effective_on > :day
                     ORDER BY t.effective_on, t.id LIMIT 1), s.unit_id) AS unit_id,
           CASE WHEN g.status = 'active' AND g.registered_on <= :day THEN 1 ELSE 0 END
               AS registered,
           a.id AS account_id
    FROM staff_member s
    LEFT JOIN registration g ON g.staff_member_id = s.id
    LEFT JOIN account a ON a.staff_member_id = s.id
    WHERE (s.hired_on IS NULL OR s.hired_on <= :day)
      AND (s.status = 'active' OR s.left_on > :day)
),
placed AS (
    SELECT shown.code, p.registered, p.account_id
    FROM people p
    JOIN unit member ON member.id = p.unit_id
    JOIN unit shown ON member.path LIKE shown.path || '%'
    WHERE shown.id = :unit OR shown.parent_id = :unit
),
hours AS (
    SELECT r.account_id, SUM(r.hours) AS approved
    FROM service_record r
    WHERE r.status = 'approved' AND r.service_date >= :first AND r.service_date < :after
      AND r.account_id IN (SELECT account_id FROM placed)
    GROUP BY r.account_id
)
SELECT placed.code,
       COUNT(*) AS headcount,
       SUM(placed.registered) AS registered,
       COALESCE(SUM(hours.approved), 0) AS approved_hours,
       SUM(CASE WHEN COALESCE(hours.approved, 0) >= :target THEN 1 ELSE 0 END) AS meeting_target
FROM placed LEFT JOIN hours ON hours.account_id = placed.account_id
GROUP BY placed.code
"""
).bindparams(
    sa.bindparam("day", type_=sa.Date),
    sa.bindparam("first", type_=sa.Date),
    sa.bindparam("after", type_=sa.Date),
    sa.bindparam("target", type_=sa.Numeric(5, 1)),
)
COMPARED = ("headcount", "registered", "approved_hours", "meeting_target")


# --- The databases -------------------------------------------------------------------------


def marker_key(year: int, scale: Scale) -> str:
    digest = hashlib.sha256()
    for path in GENERATOR + MIGRATIONS:
        digest.update(path.name.encode() + path.read_bytes())
    return f"{year}:{scale.name}:{digest.hexdigest()[:16]}"


def stored_marker(url: str) -> str | None:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.scalar(sa.text("SELECT key FROM bench_progress_marker"))
    except sa.exc.SQLAlchemyError:
        return None
    finally:
        engine.dispose()


def fresh_database(url: str) -> None:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    database = sa.make_url(url).database
    engine = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        conn.execute(sa.text(f"CREATE DATABASE {database}"))
    engine.dispose()


def app_env(url: str, secret: str) -> dict[str, str]:
    (OUT / "instance").mkdir(parents=True, exist_ok=True)
    return {
        "VOLUNTEER_DATABASE_URL": url,
        "VOLUNTEER_SECRET_KEY": secret,
        "VOLUNTEER_RATELIMIT_ENABLED": "false",
        # An empty instance folder, so a developer's instance/config.py cannot change the run.
        "VOLUNTEER_INSTANCE_PATH": str(OUT / "instance"),
    }


def build_city(url: str, key: str, secret: str, scale: Scale = SCALES["city"]) -> float:
    """Migrate and load the demo through the CLI, as a user would; return the load's seconds."""
    fresh_database(url)
    env = {**os.environ, **app_env(url, secret)}
    flask = [str(BIN / "flask"), "--app", "volunteer"]
    subprocess.run([*flask, "db", "upgrade"], env=env, check=True, capture_output=True)
    start = time.perf_counter()
    loaded = subprocess.run(
        [*flask, "demo-data", "--scale", scale.name], env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    (OUT / f"demo-{scale.name}-{'sqlite' if 'sqlite' in url else 'postgresql'}.log").write_text(
        loaded.stdout + loaded.stderr
    )
    if loaded.returncode:
        raise BenchFailed(f"demo-data --scale {scale.name} failed:\n{loaded.stderr[-2000:]}")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE bench_progress_marker (key VARCHAR(64))"))
        conn.execute(sa.text("INSERT INTO bench_progress_marker VALUES (:key)"), {"key": key})
    engine.dispose()
    return seconds


def upgrade_city(url: str, key: str, secret: str) -> float | None:
    """Bring a demo built by older code up to date instead of building it again: migrate it,
    then let `flask check-hours-totals` prove every kept total equals a recount. Return the
    seconds it took, or None (nothing changed but the migrations) when a total differs."""
    env = {**os.environ, **app_env(url, secret)}
    flask = [str(BIN / "flask"), "--app", "volunteer"]
    start = time.perf_counter()
    subprocess.run([*flask, "db", "upgrade"], env=env, check=True, capture_output=True)
    checked = subprocess.run(
        [*flask, "check-hours-totals"], env=env, capture_output=True, text=True
    )
    (OUT / "check-hours-totals-upgraded.log").write_text(checked.stdout + checked.stderr)
    if checked.returncode:
        return None
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE bench_progress_marker SET key = :key"), {"key": key})
    engine.dispose()
    return time.perf_counter() - start


@dataclass
class City:
    ids: dict[str, int]  # the measured units' ids by code
    staff: int
    records: int
    size_bytes: int | None  # PostgreSQL's pg_database_size, the SQLite file's size
    top: str  # the top unit's code

    @property
    def root_id(self) -> int:
        return self.ids[self.top]


def describe_city(url: str, scale: Scale = SCALES["city"]) -> City:
    codes = [code for _what, code in scale.units]
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        ids = dict(
            conn.execute(
                sa.text("SELECT code, id FROM unit WHERE code IN :codes").bindparams(
                    sa.bindparam("codes", expanding=True)
                ),
                {"codes": codes},
            ).all()
        )
        staff = conn.scalar(sa.text("SELECT count(*) FROM staff_member"))
        records = conn.scalar(sa.text("SELECT count(*) FROM service_record"))
        size = None
        if conn.dialect.name == "postgresql":
            size = conn.scalar(sa.text("SELECT pg_database_size(current_database())"))
    engine.dispose()
    if url.startswith("sqlite:///"):
        size = Path(url.removeprefix("sqlite:///")).stat().st_size
    return City(ids, staff, records, size, codes[0])


def measure_of(url: str) -> tuple[int, date, Decimal]:
    """The year, reference date and hours target the pages use, read through the app."""
    from volunteer import create_app
    from volunteer.clock import local_today
    from volunteer.progress.queries.years import measure_for

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secrets.token_hex(32)})
    with app.app_context():
        measure = measure_for(local_today().year)
        from volunteer.extensions import db

        db.engine.dispose()
    return measure.year, measure.day, measure.hours_target
