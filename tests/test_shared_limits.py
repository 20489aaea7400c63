"""Rate limits shared by several processes: three gunicorn workers count one login limit in Redis.

With the default `memory://` each worker counts on its own, so three workers would let three
times the limit through; with VOLUNTEER_REDIS_URL set, the counters live in Redis.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from volunteer import create_app
from volunteer.config import rate_limits_unshared

REDIS_URL = os.environ.get("VOLUNTEER_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
ROOT = Path(__file__).resolve().parent.parent
LIMIT = 10  # LOGIN_RATE_LIMIT: "10 per minute;50 per hour"


def test_rate_limits_follow_a_configured_redis(monkeypatch, tmp_path):
    # An empty instance folder: no instance/config.py of a checkout's `make run` is read.
    monkeypatch.setenv("VOLUNTEER_INSTANCE_PATH", str(tmp_path))
    # Enabled by name: the one Limiter object keeps an earlier test app's "disabled" as default.
    settings = {
        "TESTING": True,
        "SECRET_KEY": "x" * 32,
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "RATELIMIT_ENABLED": True,
    }
    shared = create_app({**settings, "REDIS_URL": REDIS_URL})
    alone = create_app(settings)
    other = "redis://127.0.0.1:6380/1"
    named = create_app({**settings, "REDIS_URL": REDIS_URL, "RATELIMIT_STORAGE_URI": other})

    assert shared.config["RATELIMIT_STORAGE_URI"] == REDIS_URL
    assert not rate_limits_unshared(shared.config)
    assert rate_limits_unshared(alone.config)
    assert named.config["RATELIMIT_STORAGE_URI"] == other


def _redis_up() -> bool:
    from redis import Redis

    try:
        return bool(Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:  # refused, timed out, or not a Redis
        return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _post_login(base: str) -> int:
    data = urllib.parse.urlencode({"identifier": "nobody", "password": "wrong"}).encode()
    request = urllib.request.Request(f"{base}/login", data=data, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_three_gunicorn_workers_hold_one_login_limit_in_redis(app, tmp_path):
    if not _redis_up():
        pytest.skip(f"no Redis at {REDIS_URL} (CI starts one)")
    port = _free_port()
    access_log = tmp_path / "access.log"
    env = {
        **os.environ,
        "VOLUNTEER_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "VOLUNTEER_SECRET_KEY": secrets.token_hex(32),
        "VOLUNTEER_INSTANCE_PATH": str(tmp_path),
        "VOLUNTEER_REDIS_URL": REDIS_URL,
        # A fresh prefix, so this run's counters start at zero and touch nobody else's.
        "VOLUNTEER_RATELIMIT_KEY_PREFIX": f"test-{secrets.token_hex(8)}",
        "VOLUNTEER_WTF_CSRF_ENABLED": "false",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "3",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    errors = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "--access-logfile",
            str(access_log),
            "--access-logformat",
            "%(p)s %(s)s",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=errors,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError((tmp_path / "gunicorn.log").read_text()) from None
                time.sleep(0.2)
        # Three at a time, so that every worker is busy and each takes its share.
        with ThreadPoolExecutor(max_workers=3) as pool:
            statuses = list(pool.map(lambda _: _post_login(base), range(3 * LIMIT)))
    finally:
        server.terminate()
        server.wait(timeout=30)
        errors.close()

    assert statuses.count(200) == LIMIT, statuses
    assert statuses.count(429) == 2 * LIMIT, statuses
    logins = [line.split() for line in access_log.read_text().splitlines()]
    workers = {pid for pid, status in logins if status in ("200", "429")}
    assert len(workers) >= 2, f"only worker(s) {workers} answered: the test proves nothing"
