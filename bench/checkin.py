"""Time 1,000 volunteers signing in and out over real HTTP against a bare-insert floor (issue 3).

    .venv/bin/python bench/checkin.py

Creates the PostgreSQL database `volunteer_bench` (dropping a leftover one) on 127.0.0.1:5432 as
user postgres (VOLUNTEER_BENCH_ADMIN_URL overrides), builds it with the migrations, and adds one
unit, one activity running now and 1,000 registered volunteers whose passwords use a cheap hash
so logging them in is quick. Then, each time against gunicorn with 2 sync workers on a free port
(VOLUNTEER_BENCH_WORKERS and VOLUNTEER_BENCH_GUNICORN_ARGS try others: bench/http_load.py):

- the floor: bench/floor_app.py, a bare Flask endpoint doing one INSERT per request, receives
  2,000 POSTs from 8 client threads, before the app and again after it (the ratios use both);
- the app: every volunteer logs in first (not timed); then the same 8 threads share the
  volunteers, and each volunteer scans the activity's rotating code, opens the check-in page and
  POSTs sign-in, and later does the same to sign out. 2,000 check-in events, 6,000 requests.

Prints throughput (check-in events per second), p50/p95/p99 latency of the writing POSTs and of
the GETs, the CPU each run used (gunicorn's workers, PostgreSQL's backends, the client threads),
the wall time and the ratios to the floor. Exits 1 unless the database then holds exactly 1,000
completed sessions; prints a WARNING when the app answers under 0.4 of the floor's requests per
second or its POSTs' p95 is 50 ms or more (issue 12). Drops the database at the end. The
database is bench/checkin_world.py, the servers and clients bench/http_load.py, the figures
bench/checkin_figures.py.

With --profile (py-spy installed in the venv), samples the app's gunicorn workers during the
timed part and writes collapsed stacks to bench/out/checkin-profile.txt.
"""

from __future__ import annotations

import os
import platform
import secrets
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from checkin_figures import Result, combined, cpu_used, describe
from checkin_world import (
    PASSWORD,
    VOLUNTEERS,
    DatabaseCPU,
    World,
    build_world,
    completed_sessions,
    create_floor_table,
    database_url,
    floor_rows,
    recreate_database,
)
from http_load import (
    CLIENTS,
    OUT,
    WORKERS,
    BenchFailed,
    Client,
    CookieJar,
    Server,
    Timings,
    csrf_token,
    expect,
    percentiles,
    run_threads,
)

ROTATE_SECONDS = 30

# The self sign-in path (volunteer/checkin/views.py).
SCAN = "/s/{token}"
SIGN_IN = "{page}/sign-in"
SIGN_OUT = "{page}/sign-out"

# Issue 12: requests per second at least 0.4 of the floor's, POST p95 under 50 ms (issue 3 had
# asked 0.5 of the floor's events per second and 100 ms).
AIM_REQUEST_RATIO = 0.4
AIM_P95_MS = 50.0


# --- The volunteers -------------------------------------------------------------------------


@dataclass
class Volunteer:
    username: str
    jar: CookieJar = field(default_factory=CookieJar)
    signed_in: threading.Event = field(default_factory=threading.Event)


def log_in(client: Client, volunteer: Volunteer) -> None:
    page = expect(client.send("GET", "/login", volunteer.jar), (200,), "GET /login")
    form = {
        "identifier": volunteer.username,
        "password": PASSWORD,
        "csrf_token": csrf_token(page.body, "/login"),
    }
    reply = expect(client.send("POST", "/login", volunteer.jar, form), (302, 303), "POST /login")
    if urlsplit(reply.location).path == "/login":
        raise BenchFailed(f"{volunteer.username} could not log in")


class ActivityCode:
    """The activity screen's rotating code, as the client regenerates it every 30 s."""

    def __init__(self, secret: str, token_key: str):
        from volunteer.checkin.tokens import activity_token

        self._make = lambda now: activity_token(secret, token_key, now, ROTATE_SECONDS)
        self._lock = threading.Lock()
        self._window, self._token = -1, ""

    def current(self) -> str:
        from volunteer.clock import utc_now

        now = utc_now()
        window = int(now.timestamp()) // ROTATE_SECONDS
        with self._lock:
            if window != self._window:
                self._window, self._token = window, self._make(now)
            return self._token


def check_in(client: Client, volunteer: Volunteer, code: ActivityCode, action: str) -> None:
    """Scan the code, open the check-in page, POST sign-in or sign-out, as a phone does."""
    scan = client.send("GET", SCAN.format(token=code.current()), volunteer.jar)
    page = urlsplit(expect(scan, (302, 303), "GET scan").location).path
    html = expect(client.send("GET", page, volunteer.jar), (200,), f"GET {page}").body
    form = {"csrf_token": csrf_token(html, page)}
    if action == "out":
        # Seconds after signing in: the page would ask "are you sure?" first; answer it at once.
        form["confirm"] = "1"
    target = (SIGN_IN if action == "in" else SIGN_OUT).format(page=page)
    expect(client.send("POST", target, volunteer.jar, form), (200, 302, 303), f"POST {target}")


# --- Measuring ------------------------------------------------------------------------------


def timed_run(
    label: str, events: int, server: Server, url: str, run: Callable[[], Timings]
) -> Result:
    """Run the timed part and read what it cost: the wall time, and the CPU of the workers,
    of PostgreSQL's backends and of this process's client threads."""
    database = DatabaseCPU(url)
    workers, backends = server.cpu_seconds(), database.read()
    clients, start = time.process_time(), time.perf_counter()
    timings = run()
    elapsed = time.perf_counter() - start
    clients = time.process_time() - clients
    return Result(
        label,
        events,
        elapsed,
        timings,
        cpu_used(workers, server.cpu_seconds()),
        database.used_since(backends),
        clients,
    )


def measure_floor(url: str) -> Result:
    create_floor_table(url)
    env = {"VOLUNTEER_BENCH_FLOOR_DATABASE_URL": url}
    server = Server("floor", "floor_app:create_app()", env, "/ready")
    try:

        def insert(client: Client, _task: object) -> None:
            expect(client.send("POST", "/insert", None, {}), (204,), "POST /insert")

        writes = 2 * VOLUNTEERS
        result = timed_run(
            "floor (one INSERT per POST)",
            writes,
            server,
            url,
            lambda: run_threads(list(range(writes)), insert, server.port),
        )
    finally:
        server.stop()
    if floor_rows(url) != writes:
        raise BenchFailed("the floor table does not hold one row per POST")
    return result


def measure_app(url: str, secret: str, world: World, profile: bool) -> Result:
    env = {
        "VOLUNTEER_DATABASE_URL": url,
        "VOLUNTEER_SECRET_KEY": secret,
        "VOLUNTEER_RATELIMIT_ENABLED": "false",
        # An empty instance folder, so a developer's instance/config.py cannot change the run.
        "VOLUNTEER_INSTANCE_PATH": str(OUT / "instance"),
    }
    (OUT / "instance").mkdir(parents=True, exist_ok=True)
    server = Server("app", "volunteer:create_app()", env, "/login")
    sampler = None
    try:
        volunteers = [Volunteer(name) for name in world.usernames]
        start = time.perf_counter()
        run_threads(volunteers, log_in, server.port)
        seconds = time.perf_counter() - start
        print(f"logged {len(volunteers)} volunteers in (not timed): {seconds:.1f} s")

        code = ActivityCode(secret, world.token_key)

        def event(client: Client, task: object) -> None:
            action, volunteer = task
            if action == "out":
                volunteer.signed_in.wait(timeout=60)
            check_in(client, volunteer, code, action)
            if action == "in":
                volunteer.signed_in.set()

        tasks = [("in", v) for v in volunteers] + [("out", v) for v in volunteers]
        sampler = server.profile(OUT / "checkin-profile.txt") if profile else None
        result = timed_run(
            "app (scan, page, POST sign-in/out)",
            len(tasks),
            server,
            url,
            lambda: run_threads(tasks, event, server.port),
        )
    finally:
        if sampler is not None:
            sampler.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
            sampler.wait(timeout=60)
        server.stop()
    return result


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}, "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    print(f"gunicorn {WORKERS} sync workers, {CLIENTS} client threads, {VOLUNTEERS} volunteers")
    url, secret = database_url(), secrets.token_hex(32)
    began = time.perf_counter()
    recreate_database()
    try:
        world = build_world(url, secret)
        before = measure_floor(url)
        describe(before, "writes")
        app = measure_app(url, secret, world, profile="--profile" in sys.argv)
        describe(app, "check-in events")
        # The floor again after the app: this shared machine's speed drifts within a minute, so
        # the app is compared with the floor measured on both sides of it.
        after = measure_floor(url)
        describe(after, "writes")
        floor = combined(before, after)
        print(f"floor, both runs: {floor.per_second:.0f} writes/s")
        total, completed = completed_sessions(url, world.activity_id)
    finally:
        recreate_database(drop_only=True)

    ratio = app.per_second / floor.per_second
    p95 = percentiles(app.timings.posts)[1]
    print(f"ratio app / floor, events to writes: {ratio:.2f}")
    # An event is 3 requests to the floor's 1: the ratio of request rates shows what each costs.
    per_request = app.requests_per_second / floor.requests_per_second
    print(
        f"ratio of request rates (3 app requests per event): {per_request:.2f}"
        f" (aim >= {AIM_REQUEST_RATIO})"
    )
    if app.cpu_seconds and floor.cpu_seconds:
        cost = (app.cpu_seconds / app.events) / (floor.cpu_seconds / floor.events)
        print(f"workers' CPU per check-in event: {cost:.1f}x the floor's per write")
    if app.machine_cpu and floor.machine_cpu:
        # The rates follow CPU per request times cores kept busy; the floor keeps fewer busy.
        cost = (app.machine_cpu / app.events) / (floor.machine_cpu / floor.events)
        print(
            f"machine CPU per check-in event: {cost:.1f}x the floor's per write (at these loads"
            f" the rate aim asks at most {cost * per_request / AIM_REQUEST_RATIO:.1f}x)"
        )
    print(f"completed sessions: {completed} of {total} records (want exactly {VOLUNTEERS})")
    print(
        f"total wall time (setup, logins, both measurements): {time.perf_counter() - began:.0f} s"
    )
    if not (total == completed == VOLUNTEERS):
        print(f"FAIL: the database holds {completed} completed sessions, {total} records")
        return 1
    if per_request < AIM_REQUEST_RATIO:
        print(
            f"WARNING: the app answers {per_request:.2f} of the floor's requests per second,"
            f" aim {AIM_REQUEST_RATIO}"
        )
    if p95 >= AIM_P95_MS:
        print(f"WARNING: the app's POST p95 is {p95:.0f} ms, aim under {AIM_P95_MS:.0f} ms")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchFailed as failure:
        print(f"FAIL: {failure}")
        sys.exit(1)
