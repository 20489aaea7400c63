"""Compare two settings of the app on the check-in path, interleaved in one process.

    .venv/bin/python bench/checkin_ab.py \
        --b '{"SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": false}}'

bench/checkin.py's figures move by ±10 % and more from run to run on this shared machine, more
than most single changes save. Here two instances of the app serve alternate volunteers of the
same database through Flask's test client, one request at a time: A with the defaults (or the
JSON settings of --a laid over them), B with those of --b. A drift of the machine's speed falls
on both alike. Each one's cost is this process's CPU during its requests plus the CPU of its
PostgreSQL backend. Builds the database as bench/checkin.py does (dropped at the end), lets each
volunteer scan, open the page and sign in, then the same to sign out, and prints the mean CPU
per step for A and B and B/A for a whole event. Exits 1 unless every session completed.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import time
from urllib.parse import urlsplit

import sqlalchemy as sa
from checkin import SCAN, SIGN_IN, SIGN_OUT, ActivityCode
from checkin_world import (
    PASSWORD,
    VOLUNTEERS,
    build_world,
    completed_sessions,
    database_url,
    recreate_database,
)
from http_load import OUT, csrf_token, process_cpu

STEPS = ("scan", "page", "POST")


class Side:
    """One instance of the app with its settings, its volunteers and what their requests cost."""

    def __init__(self, name: str, settings: dict):
        from volunteer import create_app
        from volunteer.extensions import db

        self.name, self.app = name, create_app(settings)
        self.cpu = dict.fromkeys(STEPS, 0.0)
        self.events, self.backends = 0, set()
        with self.app.app_context():
            engine = db.engine
            sa.event.listen(
                engine, "connect", lambda conn, _r: self.backends.add(conn.info.backend_pid)
            )
            engine.dispose()  # the connections from now on are seen opening

    def _note_backend(self, connection, _record) -> None:
        self.backends.add(connection.info.backend_pid)

    def database_cpu(self) -> float:
        return sum(process_cpu(pid) for pid in self.backends)

    def log_in(self, username: str):
        client = self.app.test_client()
        page = client.get("/login").get_data(as_text=True)
        form = {
            "identifier": username,
            "password": PASSWORD,
            "csrf_token": csrf_token(page, "/login"),
        }
        assert client.post("/login", data=form).status_code in (302, 303), username
        return client

    def timed(self, step: str, request):
        start = time.process_time()
        response = request()
        self.cpu[step] += time.process_time() - start
        return response


def check_in(side: Side, client, code: ActivityCode, action: str) -> None:
    """Scan, open the page, press: as bench/checkin.py's phones do, through the test client."""
    scan = side.timed("scan", lambda: client.get(SCAN.format(token=code.current())))
    page = urlsplit(scan.headers["Location"]).path
    html = side.timed("page", lambda: client.get(page)).get_data(as_text=True)
    form = {"csrf_token": csrf_token(html, page), "confirm": "1"}
    target = (SIGN_IN if action == "in" else SIGN_OUT).format(page=page)
    pressed = side.timed("POST", lambda: client.post(target, data=form))
    assert pressed.status_code in (302, 303), (target, pressed.status_code)
    side.events += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--a", default="{}", help="JSON settings for A over the defaults")
    parser.add_argument("--b", default="{}", help="JSON settings for B over the defaults")
    options = parser.parse_args()
    url, secret = database_url(), secrets.token_hex(32)
    recreate_database()
    try:
        world = build_world(url, secret)
        (OUT / "instance").mkdir(parents=True, exist_ok=True)
        # An empty instance folder, so a developer's instance/config.py cannot change the run.
        os.environ["VOLUNTEER_INSTANCE_PATH"] = str(OUT / "instance")
        base = {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secret, "RATELIMIT_ENABLED": False}
        a = Side("A", {**base, **json.loads(options.a)})
        b = Side("B", {**base, **json.loads(options.b)})
        people = []
        for number, username in enumerate(world.usernames):
            side = a if number % 2 == 0 else b
            people.append((side, side.log_in(username)))
        code = ActivityCode(secret, world.token_key)
        database = {side.name: side.database_cpu() for side in (a, b)}
        for action in ("in", "out"):
            for side, client in people:
                check_in(side, client, code, action)
        database = {side.name: side.database_cpu() - database[side.name] for side in (a, b)}
        total, completed = completed_sessions(url, world.activity_id)
    finally:
        recreate_database(drop_only=True)
    per_event = {}
    for side in (a, b):
        steps = ", ".join(f"{step} {side.cpu[step] / side.events * 1000:.2f}" for step in STEPS)
        postgres = database[side.name] / side.events * 1000
        per_event[side.name] = sum(side.cpu.values()) / side.events * 1000 + postgres
        print(
            f"{side.name}: {side.events} events; CPU per event {per_event[side.name]:.2f} ms"
            f" ({steps}; PostgreSQL {postgres:.2f})"
        )
    print(f"B / A, CPU per event: {per_event['B'] / per_event['A']:.3f}")
    if not (total == completed == VOLUNTEERS):
        print(f"FAIL: the database holds {completed} completed sessions, {total} records")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
