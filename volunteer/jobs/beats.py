"""A running job's progress and heartbeat, kept in Huey's storage beside the queue.

The worker writes them often and the page reads them, so they stay out of the database: a
long export holds a read on it, and SQLite would make each progress write wait for its end.
The job's row gets its figures when the job starts and when it ends.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from volunteer.jobs.storage import current_huey


@dataclass(frozen=True)
class Beat:
    """What the worker last said about a running job, and when (time.time())."""

    done: int
    total: int | None
    at: float


def _key(job_id: int) -> str:
    return f"job-beat:{job_id}"


def send(job_id: int, done: int, total: int | None) -> None:
    """Store the job's progress, stamped now."""
    current_huey().put(_key(job_id), (done, total, time.time()))


def last(job_id: int) -> Beat | None:
    """Return the job's last heartbeat, or None if there is none."""
    value = current_huey().get(_key(job_id), peek=True)
    if not value:
        return None
    done, total, at = value
    return Beat(done=done, total=total, at=at)


def forget(job_id: int) -> None:
    """Drop the job's heartbeat once its row holds the final figures."""
    current_huey().delete(_key(job_id))
