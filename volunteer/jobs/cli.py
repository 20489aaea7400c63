"""flask --app volunteer worker: run background jobs and the periodic work."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from volunteer.core.edge import command_transaction
from volunteer.jobs import services


@command_transaction
def _settle_at_start() -> int:
    return services.settle_stale_jobs()


@click.command("worker")
@click.option("--workers", default=2, show_default=True, help="Jobs run at the same time.")
@with_appcontext
def worker(workers: int) -> None:
    """Run the background worker: queued jobs, and the periodic work.

    Every 15 minutes it sends forgotten sign-outs to review (close-forgotten-sign-outs); each
    night at TOTALS_CHECK_HOUR (local time, default 3) it checks the kept totals
    (check-hours-totals) and shows any difference to administrators on /jobs; every minute it
    marks jobs whose worker died as failed. The queue is instance/huey.db, or the Redis that
    VOLUNTEER_REDIS_URL names. Stop it with Ctrl-C or SIGTERM: running jobs finish first.
    """
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    huey = current_app.extensions["jobs"].huey
    settled = _settle_at_start()
    if settled:
        click.echo(_("%(n)d 个中断的后台任务已标记为失败或重新排队。", n=settled))
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=True)
    consumer.run()
