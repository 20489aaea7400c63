"""The Huey tasks: run a job, and the periodic work, each inside its own app context.

`install(app)` (create_app) gives the app its queue; the Huey itself is built on first use,
from the settings (storage.build_huey), with every task below registered on it, so the web
process that enqueues and the worker that runs name the tasks alike.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask, current_app, has_app_context
from huey import Huey, crontab
from sqlalchemy import event
from sqlalchemy.orm import Session

from volunteer.extensions import db
from volunteer.jobs import periodic, runner, services
from volunteer.jobs.storage import build_huey

# Huey retries a job this many times at most; each kind says how many it wants (registry).
MAX_RETRIES = 3
RETRY_DELAY_SECONDS = 10
# Every feature may keep its own kinds in <feature>/job_kinds.py (certificates.unit …).
KINDS_MODULE = "job_kinds"


class JobQueue:
    """The app's queue: its Huey, and the task that runs one job."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._huey: Huey | None = None
        self._run: Callable | None = None
        # Threads of one web process may enqueue at once: build one Huey, not two.
        self._building = threading.Lock()

    @property
    def huey(self) -> Huey:
        """Return the Huey the settings name, built once with the tasks registered."""
        with self._building:
            if self._huey is None:
                self._huey = self._build()
            return self._huey

    def _build(self) -> Huey:
        huey = build_huey(self.app.config, self.app.instance_path)
        zone = ZoneInfo(self.app.config["TIMEZONE"])
        nightly_hour = int(self.app.config.get("TOTALS_CHECK_HOUR", 3))
        self._run = huey.task(
            retries=MAX_RETRIES, retry_delay=RETRY_DELAY_SECONDS, name="volunteer.jobs.run"
        )(self._in_context(runner.run_job, commit=False))
        huey.periodic_task(crontab(minute="*/15"), name="volunteer.jobs.close_forgotten")(
            self._in_context(periodic.close_forgotten_sign_outs)
        )
        huey.periodic_task(local_time(zone, hour=nightly_hour), name="volunteer.jobs.nightly")(
            self._in_context(periodic.check_kept_totals)
        )
        huey.periodic_task(
            local_time(zone, hour=nightly_hour, minute=30), name="volunteer.jobs.clear_old_files"
        )(self._in_context(periodic.clear_old_files))
        huey.periodic_task(crontab(), name="volunteer.jobs.settle_stale")(
            self._in_context(services.settle_stale_jobs)
        )
        return huey

    def _in_context(self, work: Callable, *, commit: bool = True) -> Callable:
        """Wrap `work` to run in a fresh app context (its own session), committed at the end."""
        app = self.app

        def run(*args) -> None:
            # Returns nothing: Huey would keep a result, and the job's row is the record.
            with app.app_context():
                try:
                    work(*args)
                    if commit:
                        db.session.commit()
                except BaseException:
                    db.session.rollback()
                    raise

        run.__name__ = work.__name__
        return run

    def enqueue(self, job_id: int) -> None:
        """Hand the job to the worker (in immediate mode: run it now)."""
        self.huey  # noqa: B018  (builds the Huey and its tasks on first use)
        assert self._run is not None
        self._run(job_id)


def local_time(zone: ZoneInfo, *, hour: int, minute: int = 0) -> Callable[[datetime], bool]:
    """Return a periodic test true at hour:minute in the organisation's zone (Huey gives UTC)."""

    def matches(moment: datetime) -> bool:
        local = moment.replace(tzinfo=UTC).astimezone(zone)
        return local.hour == hour and local.minute == minute

    return matches


def install(app: Flask) -> None:
    """Give the app its queue, load every job kind, and queue submitted jobs on commit."""
    app.extensions["jobs"] = JobQueue(app)
    load_kinds(app)
    if not event.contains(Session, "after_commit", _queue_submitted):
        event.listen(Session, "after_commit", _queue_submitted)
        event.listen(Session, "after_rollback", _forget_submitted)


def load_kinds(app: Flask) -> None:
    """Import the modules that register job kinds: ours, each feature's, and JOB_KIND_MODULES."""
    package = Path(__file__).resolve().parent.parent
    names = ["volunteer.jobs.kinds"]
    for module in sorted(package.glob(f"*/{KINDS_MODULE}.py")):
        names.append(f"volunteer.{module.parent.name}.{KINDS_MODULE}")
    names.extend(app.config.get("JOB_KIND_MODULES") or ())
    for name in names:
        importlib.import_module(name)


def _queue_submitted(session: Session) -> None:
    job_ids = session.info.pop(services.SUBMITTED_KEY, None)
    if not job_ids or not has_app_context():
        return
    queue: JobQueue = current_app.extensions["jobs"]
    for job_id in job_ids:
        queue.enqueue(job_id)


def _forget_submitted(session: Session) -> None:
    session.info.pop(services.SUBMITTED_KEY, None)
