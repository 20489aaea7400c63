"""The database bench/checkin.py measures in: created and migrated, one unit, one activity
running now and the volunteers; the floor's table; and the CPU its PostgreSQL backends use.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from http_load import process_cpu
from sqlalchemy.pool import NullPool
from werkzeug.security import generate_password_hash

ADMIN_URL = os.environ.get(
    "VOLUNTEER_BENCH_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
DATABASE = "volunteer_bench"
VOLUNTEERS = 1_000
PASSWORD = "bench-password-1"
# Hashes carry their method: 1,000 rounds make the 1,000 logins before the timed part quick.
CHEAP_HASH = "pbkdf2:sha256:1000"


def database_url() -> str:
    return sa.make_url(ADMIN_URL).set(database=DATABASE).render_as_string(hide_password=False)


def recreate_database(drop_only: bool = False) -> None:
    engine = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
        if not drop_only:
            conn.execute(sa.text(f"CREATE DATABASE {DATABASE}"))
    engine.dispose()


@dataclass
class World:
    """What the clients need to know: the activity's token key and the volunteers' logins."""

    token_key: str
    activity_id: int
    usernames: list[str]


def build_world(url: str, secret: str) -> World:
    """Migrate the database and add a unit, an activity running now and the volunteers."""
    from flask_migrate import upgrade

    from volunteer import create_app
    from volunteer.activities.models import Activity
    from volunteer.clock import utc_now
    from volunteer.demo.crowd import enrol_volunteers
    from volunteer.extensions import db
    from volunteer.units.models import UnitKind
    from volunteer.units.services import create_unit

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secret})
    with app.app_context():
        upgrade()
        unit = create_unit(
            code="WJW",
            name="示范市卫生健康委员会",
            kind=UnitKind.ORGANISATION,
            parent=None,
            actor=None,
        )
        password_hash = generate_password_hash(PASSWORD, method=CHEAP_HASH)
        accounts = enrol_volunteers(
            unit,
            VOLUNTEERS,
            staff_prefix="B",
            phone_prefix="138",
            password_hash=password_hash,
            first=1,
        )
        starts_at = utc_now().replace(second=0, microsecond=0) - timedelta(hours=1)
        activity = Activity(
            title="基准测试义诊",
            category_id=1,
            unit_id=unit.id,
            place="门诊大厅",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=4),
        )
        db.session.add(activity)
        db.session.commit()
        world = World(activity.token_key, activity.id, [a.username for a in accounts])
        db.session.remove()
        db.engine.dispose()
    return world


def completed_sessions(url: str, activity_id: int) -> tuple[int, int]:
    """Return (all records, completed ones) at the activity: closed, approved or for review."""
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        total, completed = conn.execute(
            sa.text(
                "SELECT count(*), count(*) FILTER (WHERE signed_out_at IS NOT NULL"
                " AND status IN ('approved', 'needs_review'))"
                " FROM service_record WHERE activity_id = :id"
            ),
            {"id": activity_id},
        ).one()
    engine.dispose()
    return total, completed


def create_floor_table(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS bench_floor"))
        conn.execute(sa.text("CREATE TABLE bench_floor (id serial PRIMARY KEY, at timestamptz)"))
    engine.dispose()


def floor_rows(url: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = conn.scalar(sa.text("SELECT count(*) FROM bench_floor"))
    engine.dispose()
    return rows


class DatabaseCPU:
    """The CPU time of the PostgreSQL backends serving the bench's database, read from /proc:
    the servers' share of the machine that neither gunicorn nor the clients show."""

    def __init__(self, url: str):
        self.engine = sa.create_engine(url, poolclass=NullPool)

    def read(self) -> dict[int, float] | None:
        """Return each backend's CPU seconds so far (None: PostgreSQL is on another machine)."""
        with self.engine.connect() as conn:
            pids = conn.scalars(
                sa.text(
                    "SELECT pid FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).all()
        try:
            return {pid: process_cpu(pid) for pid in pids}
        except OSError:
            return None

    def used_since(self, before: dict[int, float] | None) -> float | None:
        """Return the CPU seconds the backends used since `before` (a backend opened since
        then counts from zero)."""
        now = self.read()
        if before is None or now is None:
            return None
        return sum(seconds - before.get(pid, 0.0) for pid, seconds in now.items())
