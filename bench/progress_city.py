"""The city-scale databases of bench/progress.py: built once by `flask demo-data --scale city`,
reused while their marker matches, and the floor statement the pages are compared with."""

from __future__ import annotations

import hashlib
import os
import subprocess
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from checkin import BIN, OUT, ROOT, BenchFailed

ADMIN_URL = os.environ.get(
    "VOLUNTEER_BENCH_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
DATABASE = "volunteer_bench_progress"
SQLITE_URL = f"sqlite:///{Path('/tmp') / (DATABASE + '.db')}"
MANAGER, PASSWORD = "manager", "Demo@2026"  # the commission's manager (volunteer/demo/city.py)
HOSPITAL = "H01"
# What the marker hashes: a change to any of them builds the city again.
GENERATOR = [
    *sorted((ROOT / "volunteer" / "demo").glob("city*.py")),
    ROOT / "volunteer" / "records" / "totals.py",  # the derived tables the generator rebuilds
    ROOT / "volunteer" / "progress" / "roster.py",
]
MIGRATIONS = sorted((ROOT / "migrations" / "versions").glob("*.py"))

# The floor: DESIGN §4 in one statement over the roster, registrations, moves and records.
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


def marker_key(year: int) -> str:
    digest = hashlib.sha256()
    for path in GENERATOR + MIGRATIONS:
        digest.update(path.name.encode() + path.read_bytes())
    return f"{year}:{digest.hexdigest()[:16]}"


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
    engine = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
        conn.execute(sa.text(f"CREATE DATABASE {DATABASE}"))
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


def build_city(url: str, key: str, secret: str) -> float:
    """Migrate and load the city through the CLI, as a user would; return the load's seconds."""
    fresh_database(url)
    env = {**os.environ, **app_env(url, secret)}
    flask = [str(BIN / "flask"), "--app", "volunteer"]
    subprocess.run([*flask, "db", "upgrade"], env=env, check=True, capture_output=True)
    start = time.perf_counter()
    loaded = subprocess.run(
        [*flask, "demo-data", "--scale", "city"], env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    (OUT / f"demo-city-{'sqlite' if 'sqlite' in url else 'postgresql'}.log").write_text(
        loaded.stdout + loaded.stderr
    )
    if loaded.returncode:
        raise BenchFailed(f"demo-data --scale city failed:\n{loaded.stderr[-2000:]}")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE bench_progress_marker (key VARCHAR(64))"))
        conn.execute(sa.text("INSERT INTO bench_progress_marker VALUES (:key)"), {"key": key})
    engine.dispose()
    return seconds


@dataclass
class City:
    root_id: int
    hospital_id: int
    staff: int
    records: int


def describe_city(url: str) -> City:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        ids = dict(
            conn.execute(
                sa.text("SELECT code, id FROM unit WHERE code IN ('WJW', :h)"), {"h": HOSPITAL}
            ).all()
        )
        staff = conn.scalar(sa.text("SELECT count(*) FROM staff_member"))
        records = conn.scalar(sa.text("SELECT count(*) FROM service_record"))
    engine.dispose()
    return City(ids["WJW"], ids[HOSPITAL], staff, records)


def measure_of(url: str) -> tuple[int, date, Decimal]:
    """The year, reference date and hours target the pages use, read through the app."""
    from volunteer import create_app
    from volunteer.clock import local_today
    from volunteer.progress.queries import measure_for

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        measure = measure_for(local_today().year)
        from volunteer.extensions import db

        db.engine.dispose()
    return measure.year, measure.day, measure.hours_target
