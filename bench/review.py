"""Time approving 500 waiting records at once against one bare UPDATE of the same rows (issue 12).

    .venv/bin/python bench/review.py

Loads the demo into a fresh SQLite database (and a PostgreSQL one when
VOLUNTEER_BENCH_DATABASE_URL names a throwaway database: its public schema is dropped), puts
500 of its approved records back in the manager's queue, then, three times each: (a) the floor,
one `UPDATE service_record SET status = 'approved' ... WHERE id IN (...)` and a commit, the
least any approval can cost; (b) `records.services.review.approve_records` as the review page
calls it (the 12 h line per day, audit entries, kept totals) and a commit. Exits 1 when (b)
takes 2 s or more.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time

import sqlalchemy as sa
from flask_migrate import upgrade

from volunteer import create_app
from volunteer.auth.models import Account
from volunteer.extensions import db
from volunteer.records.models import RecordStatus, ReviewLevel, ReviewReason, ServiceRecord
from volunteer.records.services import review
from volunteer.records.totals import rebuild_totals

RECORDS = 500
LIMIT_SECONDS = 2.0
RUNS = 3


def _app(url: str | None, instance: str):
    config = {"SECRET_KEY": "bench-" + "x" * 40, "RATELIMIT_ENABLED": False}
    if url:
        config["SQLALCHEMY_DATABASE_URI"] = url
    os.environ["VOLUNTEER_INSTANCE_PATH"] = instance
    return create_app(config)


def _load(app, url: str | None) -> None:
    with app.app_context():
        if url and url.startswith("postgresql"):
            with db.engine.begin() as conn:
                conn.execute(sa.text("DROP SCHEMA public CASCADE"))
                conn.execute(sa.text("CREATE SCHEMA public"))
        upgrade()
    result = app.test_cli_runner().invoke(args=["demo-data"])
    if result.exit_code != 0:
        sys.exit(f"demo-data failed: {result.output}")


def _queue_again(ids: list[int]) -> None:
    """Put the records back in the manager's queue, as if just made up."""
    db.session.execute(
        sa.update(ServiceRecord)
        .where(ServiceRecord.id.in_(ids))
        .values(
            status=RecordStatus.NEEDS_REVIEW,
            review_level=ReviewLevel.MANAGER,
            review_reason=ReviewReason.MAKE_UP,
            reviewed_by_id=None,
            reviewed_at=None,
        )
    )
    db.session.flush()
    rebuild_totals()
    db.session.commit()


def _floor(ids: list[int]) -> float:
    began = time.perf_counter()
    db.session.execute(
        sa.update(ServiceRecord)
        .where(ServiceRecord.id.in_(ids))
        .values(status=RecordStatus.APPROVED, reviewed_at=sa.func.current_timestamp())
    )
    db.session.commit()
    return time.perf_counter() - began


def _app_pass(ids: list[int], admin: Account) -> float:
    db.session.expire_all()
    began = time.perf_counter()
    records = list(db.session.scalars(sa.select(ServiceRecord).where(ServiceRecord.id.in_(ids))))
    review.approve_records(records, by=admin)
    db.session.commit()
    return time.perf_counter() - began


def measure(url: str | None) -> tuple[float, float]:
    """Return the median seconds of the floor and of the app on one database."""
    with tempfile.TemporaryDirectory() as instance:
        app = _app(url, instance)
        _load(app, url)
        with app.app_context():
            admin = db.session.scalar(sa.select(Account).where(Account.username == "admin"))
            ids = list(
                db.session.scalars(
                    sa.select(ServiceRecord.id)
                    .where(ServiceRecord.status == RecordStatus.APPROVED)
                    .order_by(ServiceRecord.id)
                    .limit(RECORDS)
                )
            )
            floors, apps = [], []
            for _ in range(RUNS):
                _queue_again(ids)
                floors.append(_floor(ids))
                _queue_again(ids)
                apps.append(_app_pass(ids, admin))
            db.session.remove()
            db.engine.dispose()
    return statistics.median(floors), statistics.median(apps)


def main() -> int:
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {RECORDS} records")
    targets = [("SQLite", None)]
    if os.environ.get("VOLUNTEER_BENCH_DATABASE_URL"):
        targets.append(("PostgreSQL", os.environ["VOLUNTEER_BENCH_DATABASE_URL"]))
    worst = 0.0
    for name, url in targets:
        floor, took = measure(url)
        worst = max(worst, took)
        print(
            f"{name}: floor (one UPDATE) {floor * 1000:.0f} ms; approve_records "
            f"{took * 1000:.0f} ms; ratio {took / floor:.1f}x (median of {RUNS})"
        )
    if worst >= LIMIT_SECONDS:
        print(f"FAIL: {RECORDS} approvals took {worst:.2f} s (limit {LIMIT_SECONDS} s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
