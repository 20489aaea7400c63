"""Where jobs live outside the database: Huey's queue and the folder of finished files.

Huey keeps its queue in SQLite in the instance folder (instance/huey.db), so `make run` needs
nothing more; when REDIS_URL (or HUEY_URL, redis://…) names a Redis, the queue is there and any
number of web and worker machines share it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from flask import current_app
from huey import Huey, RedisHuey, SqliteHuey

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def build_huey(config: Mapping, instance_path: str) -> Huey:
    """Make the Huey that `config` names: Redis when a URL says so, else SQLite in the instance."""
    url = str(config.get("HUEY_URL") or config.get("REDIS_URL") or "")
    name = str(config.get("HUEY_NAME") or "volunteer")
    immediate = bool(config.get("HUEY_IMMEDIATE"))
    if url.startswith(REDIS_SCHEMES):
        return RedisHuey(name, url=url, immediate=immediate)
    filename = Path(url.removeprefix("sqlite:///")) if url else Path(instance_path) / "huey.db"
    filename.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(name, filename=str(filename), immediate=immediate)


def current_huey() -> Huey:
    """Return the app's Huey, with the job tasks registered on it (tasks.install)."""
    return current_app.extensions["jobs"].huey


def jobs_folder() -> Path:
    """Return the folder finished files are written to (JOBS_FOLDER, or instance/jobs)."""
    folder = Path(current_app.config.get("JOBS_FOLDER") or Path(current_app.instance_path) / "jobs")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stale_seconds() -> float:
    """Return how long a running job may go without a heartbeat before it counts as dead."""
    return float(current_app.config.get("JOB_STALE_SECONDS") or 60)
