"""Time the progress page, its JSON and the people export at city scale, against one SQL (issue 4).

    .venv/bin/python bench/progress.py [--rebuild] [--only sqlite|postgresql] [--requests 60]
                                       [--explain]

On SQLite (/tmp/volunteer_bench_progress.db) and on PostgreSQL (database volunteer_bench_progress
on 127.0.0.1:5432, user postgres; VOLUNTEER_BENCH_ADMIN_URL names another server's maintenance
database) it builds the city-scale demo exactly as `flask demo-data --scale city` does, or
reuses it when its marker says it was built by the same generator, migrations and year. Then,
through gunicorn (2 sync workers, as bench/checkin.py) and logged in as the commission's
manager, it measures with one client, one request at a time, after 5 warm-up requests:

- GET /progress/units/<unit>?year=Y and GET /progress/units/<unit>.json?year=Y, for the
  commission and for one hospital: p50/p95 over --requests requests;
- the floor: the same figures (headcount, registered, approved hours, meeting the target per
  child unit, DESIGN §4: unit on D through staff_transfer, registration dated on or before D)
  computed by ONE hand-written SQL statement straight over the records and the roster (not
  person_year_hours), timed the same way from this process. Its figures must equal the JSON's;
- GET /reports/units/<commission>/people.xlsx?year=Y, the ~30,000-person export, 3 times.

Prints PASS/FAIL against the aims (page and JSON p95 under 150 ms, export under 10 s) and exits
1 when an aim is missed or the floor and the JSON disagree. With --explain, then times each SQL
statement of the commission's page and JSON and the hospital's page (bench/progress_explain.py).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import platform
import secrets
import sqlite3
import sys
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import sqlalchemy as sa
from checkin import (
    OUT,
    BenchFailed,
    Client,
    CookieJar,
    Server,
    csrf_token,
    expect,
    percentiles,
)
from progress_city import (
    ADMIN_URL,
    COMPARED,
    DATABASE,
    FLOOR,
    HOSPITAL,
    MANAGER,
    PASSWORD,
    SQLITE_URL,
    app_env,
    build_city,
    describe_city,
    marker_key,
    measure_of,
    stored_marker,
)

WARM_UP = 5
EXPORTS = 3
AIM_P95_MS = 150.0
AIM_EXPORT_S = 10.0


# --- Measuring -----------------------------------------------------------------------------


def _ticks(pid: int | str) -> int:
    """utime + stime of one process, in clock ticks (0 once it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def _database_backends() -> list[str]:
    """PostgreSQL's backends serving the bench database (none for SQLite)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes() if proc.name.isdigit() else b""
        except OSError:
            continue
        if command.startswith(b"postgres:") and f" {DATABASE} ".encode() in command:
            found.append(proc.name)
    return found


class CpuMeter:
    """CPU time of everything serving the requests: gunicorn's workers, PostgreSQL's backends and
    this process (the client, or the floor's driver and SQLite). On a shared machine this moves
    much less than wall time: it is what a request costs, whatever else is running. Counted per
    process, so a backend that exits between two snapshots takes nothing away."""

    def __init__(self, server: Server | None = None):
        self.server = server

    def snapshot(self) -> dict[str, int]:
        pids = [str(os.getpid()), *_database_backends()]
        if self.server is not None:
            parent = self.server.process.pid
            with contextlib.suppress(OSError):
                pids += Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        return {pid: _ticks(pid) for pid in pids}

    @staticmethod
    def spent(before: dict[str, int], after: dict[str, int]) -> float:
        """CPU seconds between two snapshots; processes started meanwhile count whole."""
        ticks = sum(used - before.get(pid, 0) for pid, used in after.items())
        return ticks / os.sysconf("SC_CLK_TCK")


@dataclass
class Timed:
    """One measured path: its label, the seconds of each timed request and their CPU seconds."""

    label: str
    seconds: list[float]
    cpu: float

    @property
    def p50(self) -> float:
        return percentiles(self.seconds)[0]

    @property
    def p95(self) -> float:
        return percentiles(self.seconds)[1]

    def line(self, note: str = "") -> str:
        cpu = self.cpu / len(self.seconds) * 1000
        figures = f"p50 {self.p50:7.1f} ms  p95 {self.p95:7.1f} ms  CPU {cpu:6.1f} ms"
        return f"  {self.label:<34} x{len(self.seconds):<3} {figures}  {note}".rstrip()


def log_in(client: Client) -> CookieJar:
    jar = CookieJar()
    page = expect(client.send("GET", "/login", jar), (200,), "GET /login")
    form = {"identifier": MANAGER, "password": PASSWORD, "csrf_token": csrf_token(page.body, "/")}
    reply = expect(client.send("POST", "/login", jar, form), (302, 303), "POST /login")
    if urlsplit(reply.location).path == "/login":
        raise BenchFailed(f"{MANAGER} could not log in")
    return jar


def time_get(client: Client, jar: CookieJar, label: str, path: str, count: int, cpu: CpuMeter):
    """GET `path` WARM_UP times untimed, then `count` times timed; return the times and body."""
    seconds, before = [], {}
    for n in range(WARM_UP + count):
        if n == WARM_UP:
            before = cpu.snapshot()
        start = time.perf_counter()
        reply = client.send("GET", path, jar)
        elapsed = time.perf_counter() - start
        expect(reply, (200,), f"GET {path}")
        if n >= WARM_UP:
            seconds.append(elapsed)
    return Timed(label, seconds, cpu.spent(before, cpu.snapshot())), reply.body


def time_floor(url: str, label: str, params: dict, count: int):
    """Run the floor statement like the pages: warm-up, then `count` timed runs."""
    engine, cpu = sa.create_engine(url), CpuMeter()
    seconds, before = [], {}
    with engine.connect() as conn:
        for n in range(WARM_UP + count):
            if n == WARM_UP:
                before = cpu.snapshot()
            start = time.perf_counter()
            rows = conn.execute(FLOOR, params).mappings().all()
            elapsed = time.perf_counter() - start
            if n >= WARM_UP:
                seconds.append(elapsed)
        used = cpu.spent(before, cpu.snapshot())  # while the connection's backend still lives
    engine.dispose()
    return Timed(label, seconds, used), {row["code"]: dict(row) for row in rows}


def differences(json_body: str, floor: dict[str, dict]) -> list[str]:
    """Compare the JSON's figures with the floor's, unit by unit; return what differs."""
    import json

    found = []
    for unit in json.loads(json_body):
        mine = floor.get(unit["code"], dict.fromkeys(COMPARED, 0))
        for key in COMPARED:
            page_value, floor_value = unit[key], mine[key] or 0
            if key == "approved_hours":
                page_value = Decimal(str(page_value)).quantize(Decimal("0.1"))
                floor_value = Decimal(str(floor_value)).quantize(Decimal("0.1"))
            if page_value != floor_value:
                found.append(f"{unit['code']} {key}: JSON {page_value}, floor {floor_value}")
    return found


def time_export(client: Client, jar: CookieJar, path: str, cpu: CpuMeter):
    """Download the export EXPORTS times; return the seconds, CPU seconds and the row count."""
    from openpyxl import load_workbook

    seconds, cpus, rows = [], [], 0
    for n in range(EXPORTS):
        before, start = cpu.snapshot(), time.perf_counter()
        client.conn.request("GET", path, headers=jar.header())
        response = client.conn.getresponse()
        content = response.read()
        seconds.append(time.perf_counter() - start)
        cpus.append(cpu.spent(before, cpu.snapshot()))
        if response.status != 200 or not content.startswith(b"PK"):
            raise BenchFailed(f"GET {path}: HTTP {response.status}, not an .xlsx file")
        if n == 0:
            workbook = load_workbook(io.BytesIO(content), read_only=True)
            rows = sum(1 for _ in workbook.worksheets[0].iter_rows())
            workbook.close()
    return seconds, cpus, rows


@dataclass
class Outcome:
    label: str
    failures: list[str]


def bench_database(label: str, url: str, rebuild: bool, count: int, explain: bool) -> Outcome:
    secret = secrets.token_hex(32)
    year = date.today().year
    key = marker_key(year)
    if rebuild or stored_marker(url) != key:
        seconds = build_city(url, key, secret)
        built = f"built by demo-data --scale city in {seconds:.0f} s"
    else:
        built = f"reused (marker {key})"
    city = describe_city(url)
    year, day, target = measure_of(url)
    print(f"\n{label}: {city.staff:,} staff, {city.records:,} records, {built}")
    print(f"  year {year}, figures on {day}, hours target {target}")
    failures: list[str] = []
    server = Server(
        f"progress-{label.lower()}", "volunteer:create_app()", app_env(url, secret), "/login"
    )
    try:
        client, cpu = Client(server.port), CpuMeter(server)
        jar = log_in(client)
        for code, unit_id in (("WJW", city.root_id), (HOSPITAL, city.hospital_id)):
            at = f"/progress/units/{unit_id}"
            page, _ = time_get(client, jar, f"page {code}", f"{at}?year={year}", count, cpu)
            json_timed, body = time_get(
                client, jar, f"JSON {code}", f"{at}.json?year={year}", count, cpu
            )
            params = {
                "day": day,
                "first": date(year, 1, 1),
                "after": date(year + 1, 1, 1),
                "target": target,
                "unit": unit_id,
            }
            floor, figures = time_floor(url, f"floor {code} (one SQL statement)", params, count)
            print(page.line(f"{page.p95 / floor.p95:.2f}x the floor's p95"))
            print(json_timed.line(f"{json_timed.p95 / floor.p95:.2f}x the floor's p95"))
            print(floor.line())
            wrong = differences(body, figures)
            print(
                f"  floor = JSON for {code} and its {len(figures) - 1} children: "
                f"{'yes' if not wrong else 'NO'}"
            )
            failures += [f"{label} {code}: {difference}" for difference in wrong[:10]]
            for timed in (page, json_timed):
                verdict = "PASS" if timed.p95 < AIM_P95_MS else "FAIL"
                print(
                    f"  {verdict}: {timed.label} p95 {timed.p95:.0f} ms (aim < {AIM_P95_MS:.0f} ms)"
                )
                if verdict == "FAIL":
                    failures.append(f"{label} {timed.label} p95 {timed.p95:.0f} ms")
        path = f"/reports/units/{city.root_id}/people.xlsx?year={year}"
        try:
            seconds, cpus, rows = time_export(client, jar, path, cpu)
        except BenchFailed as missing:
            print(f"  export not measured: {missing}")
            failures.append(f"{label} export: {missing}")
        else:
            slowest = max(seconds)
            runs = ", ".join(f"{s:.2f}" for s in seconds)
            print(f"  people.xlsx of WJW ({rows:,} rows): {runs} s")
            print(f"  CPU per export: {', '.join(f'{c:.2f}' for c in cpus)} s")
            verdict = "PASS" if slowest < AIM_EXPORT_S else "FAIL"
            print(f"  {verdict}: export slowest {slowest:.1f} s (aim < {AIM_EXPORT_S:.0f} s)")
            if verdict == "FAIL":
                failures.append(f"{label} export {slowest:.1f} s")
        client.close()
    finally:
        server.stop()
    if explain:
        from progress_explain import explain_page

        for code, kind in (("WJW", "page"), ("WJW", "json"), (HOSPITAL, "page")):
            explain_page(label, url, code, year, kind)
    return Outcome(label, failures)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="build the cities again")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--requests", type=int, default=60, help="timed requests per path")
    parser.add_argument(
        "--explain", action="store_true", help="then time each statement of the pages, with plans"
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}, "
        f"SQLite {sqlite3.sqlite_version}, "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    print("gunicorn 2 sync workers; one client, one request at a time, after 5 warm-ups")
    databases = {"SQLite": SQLITE_URL, "PostgreSQL": f"{ADMIN_URL.rsplit('/', 1)[0]}/{DATABASE}"}
    if args.only:
        databases = {k: v for k, v in databases.items() if k.lower() == args.only}
    failures = []
    for label, url in databases.items():
        failures += bench_database(label, url, args.rebuild, args.requests, args.explain).failures
    print(f"\nload average at the end {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchFailed as failure:
        print(f"FAIL: {failure}")
        sys.exit(1)
