"""Time the CSV exports at city scale through gunicorn, each against its floor (issue 12, part 1).

    .venv/bin/python bench/exports.py [--rebuild] [--only sqlite|postgresql] [--runs 3]

On PostgreSQL (database volunteer_bench_exports on 127.0.0.1:5432, user postgres) and on
SQLite (/tmp/volunteer_bench_exports.db) it builds the city as `flask demo-data --scale city`
does, or reuses it while its marker matches (bench/progress_city.py). Then, through gunicorn
(2 sync workers, the repository's gunicorn.conf.py, but gunicorn's own default --timeout 30:
the export must fit even that), logged in as the commission's manager, one request at a time:

- GET /reports/units/<commission>/records.csv?year=Y, the national-system file of the whole
  city's year, --runs times: seconds to the first byte and to the last, and a check that the
  body is whole (its length is the Content-Length, its SHA-256 the Repr-Digest, its lines the
  X-Record-Count);
- the floor, in the same run, alternating with the app: PostgreSQL's COPY of the same rows
  (one hand-written statement, the raw columns, CSV) read by psycopg from this process; on
  SQLite, the same statement's rows fetched by sqlite3;
- GET /reports/units/<commission>/people.csv?year=Y, the ~28,000-person totals, 5 times
  after 2 untimed (one per worker), against a hand-written SQL floor over the kept totals
  (person_year_hours) fetched whole.

Prints PASS/FAIL against the aims (national CSV under 10 s, people CSV under 1 s) and exits 1
when one is missed or a download is not whole.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import http.client
import os
import platform
import secrets
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import progress_city
import psycopg
from http_load import BIN, OUT, ROOT, BenchFailed, Client, Server, free_port
from progress import log_in
from progress_city import ADMIN_URL, app_env, build_city, describe_city, stored_marker

DATABASE = "volunteer_bench_exports"
SQLITE_PATH = Path("/tmp") / f"{DATABASE}.db"
PEOPLE_RUNS = 5
PEOPLE_WARM_UP = 2
AIM_NATIONAL_S = 10.0
AIM_PEOPLE_S = 1.0

# Who the figures count on D, placed by their unit on D (docs/rules.md §4), as in the app.
PEOPLE_ON_D = """
SELECT s.id, s.staff_no, s.name,
       COALESCE((SELECT t.from_unit_id FROM staff_transfer t
                 WHERE t.staff_member_id = s.id AND t.effective_on > :day
                 ORDER BY t.effective_on, t.id LIMIT 1), s.unit_id) AS unit_id
FROM staff_member s
WHERE (s.hired_on IS NULL OR s.hired_on <= :day) AND (s.status = 'active' OR s.left_on > :day)
"""
# The national file's rows, hand-written: the approved records of the year of those people.
NATIONAL_FLOOR = f"""
WITH people AS ({PEOPLE_ON_D})
SELECT p.name, g.national_volunteer_no, a.title, r.service_date, r.signed_in_at,
       r.signed_out_at, a.starts_at, a.ends_at, r.hours
FROM service_record r
JOIN account ac ON ac.id = r.account_id
JOIN people p ON p.id = ac.staff_member_id
JOIN unit u ON u.id = p.unit_id
JOIN activity a ON a.id = r.activity_id
LEFT JOIN registration g ON g.staff_member_id = p.id AND g.status = 'active'
WHERE r.status = 'approved' AND r.service_date >= :first AND r.service_date < :after
  AND u.path LIKE :path
ORDER BY u.code, p.staff_no, r.service_date, r.signed_in_at, r.id
"""
# The people list's figures from the kept totals, hand-written.
PEOPLE_FLOOR = f"""
WITH people AS ({PEOPLE_ON_D})
SELECT p.staff_no, p.name, u.name, g.registered_on, h.approved_hours, h.pending_hours,
       h.make_up_hours
FROM people p
JOIN unit u ON u.id = p.unit_id
LEFT JOIN registration g ON g.staff_member_id = p.id AND g.status = 'active'
LEFT JOIN account ac ON ac.staff_member_id = p.id
LEFT JOIN person_year_hours h ON h.account_id = ac.id AND h.year = :year
WHERE u.path LIKE :path
ORDER BY u.code, p.staff_no
"""


def fresh_database(url: str) -> None:
    """progress_city's, for this bench's own database (the progress bench keeps its city)."""
    if url.startswith("sqlite:///"):
        SQLITE_PATH.unlink(missing_ok=True)
        return
    with psycopg.connect(_libpq(ADMIN_URL), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")


def _marker_key(year: int) -> str:
    """progress_city's marker, over the generator files that exist (they move between issues)."""
    digest = hashlib.sha256()
    for path in progress_city.GENERATOR + progress_city.MIGRATIONS:
        if path.exists():
            digest.update(path.name.encode() + path.read_bytes())
    return f"{year}:{digest.hexdigest()[:16]}"


def _libpq(url: str) -> str:
    return url.replace("+psycopg", "")


class ExportServer(Server):
    """bench/http_load.py's gunicorn, with the repository's gunicorn.conf.py and --timeout 30."""

    def __init__(self, name: str, env: dict[str, str]):
        self.name, self.port = name, free_port()
        self.log = OUT / f"gunicorn-{name}.log"
        config = ROOT / "gunicorn.conf.py"
        command = [str(BIN / "gunicorn"), *(["-c", str(config)] if config.exists() else [])]
        command += ["--workers", "2", "--timeout", "30", "--bind", f"127.0.0.1:{self.port}"]
        command.append("volunteer:create_app()")
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=log
            )
        self._wait_ready("/login")


def download(client: Client, jar, path: str) -> tuple[float, float, int, int]:
    """GET a CSV export; check it is whole; return (first byte s, last byte s, bytes, rows)."""
    start = time.perf_counter()
    digest, size, lines = hashlib.sha256(), 0, 0
    try:
        client.conn.request("GET", path, headers=jar.header())
        response = client.conn.getresponse()
        first = time.perf_counter() - start
        while block := response.read(1 << 20):
            digest.update(block)
            size += len(block)
            lines += block.count(b"\r\n")
    except (http.client.HTTPException, OSError) as error:
        client.conn.close()  # the next request opens a new connection
        seconds = time.perf_counter() - start
        raise BenchFailed(f"GET {path}: no file after {seconds:.1f} s ({error!r})") from None
    last = time.perf_counter() - start
    if response.status != 200:
        raise BenchFailed(f"GET {path}: HTTP {response.status} after {last:.1f} s")
    declared = int(response.getheader("Content-Length") or -1)
    expected = f"sha-256=:{base64.b64encode(digest.digest()).decode()}:"
    rows = int(response.getheader("X-Record-Count") or -1)
    if size != declared or response.getheader("Repr-Digest") != expected or lines - 1 != rows:
        raise BenchFailed(f"GET {path}: {size} of {declared} bytes, {lines - 1} of {rows} rows")
    return first, last, size, rows


def floor(url: str, statement: str, params: dict, copy: bool) -> tuple[float, int]:
    """Run a floor statement from this process; return (seconds, rows)."""
    start = time.perf_counter()
    if url.startswith("sqlite"):
        conn = sqlite3.connect(SQLITE_PATH)
        params = {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}
        rows = 0
        cursor = conn.execute(statement, params)
        while batch := cursor.fetchmany(2000):
            rows += len(batch)
        conn.close()
        return time.perf_counter() - start, rows
    sql = statement.replace(":day", "%(day)s").replace(":first", "%(first)s")
    sql = (
        sql.replace(":after", "%(after)s").replace(":path", "%(path)s").replace(":year", "%(year)s")
    )
    with psycopg.ClientCursor(psycopg.connect(_libpq(url))) as cursor:
        if copy:
            with cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as out:
                rows = sum(1 for _ in out)
        else:
            rows = len(cursor.execute(sql, params).fetchall())
        cursor.connection.close()
    return time.perf_counter() - start, rows


def bench_database(label: str, url: str, rebuild: bool, runs: int) -> list[str]:
    secret = secrets.token_hex(32)
    key = _marker_key(date.today().year)
    if rebuild or stored_marker(url) != key:
        progress_city.fresh_database = fresh_database  # build_city drops and makes ours
        built = f"built by demo-data --scale city in {build_city(url, key, secret):.0f} s"
    else:
        built = f"reused (marker {key})"
    city = describe_city(url)
    year, day = progress_city.measure_of(url)[:2]
    print(f"\n{label}: {city.staff:,} staff, {city.records:,} records, {built}; figures on {day}")
    params = {"day": day, "first": date(year, 1, 1), "after": date(year + 1, 1, 1)}
    params |= {"path": "/%", "year": year}
    failures: list[str] = []
    server = ExportServer(f"exports-{label.lower()}", app_env(url, secret))
    try:
        client = Client(server.port)
        client.conn.timeout = 300
        jar = log_in(client)
        national = f"/reports/units/{city.root_id}/records.csv?year={year}"
        apps, ratios = [], []
        kind = "COPY" if url.startswith("postgresql") else "SELECT"
        for _ in range(runs):
            seconds, floor_rows = floor(url, NATIONAL_FLOOR, params, copy=True)
            try:
                first, last, size, rows = download(client, jar, national)
            except BenchFailed as failed:
                print(f"  records.csv: {failed} | floor {kind} {seconds:5.2f} s")
                failures.append(f"{label} {failed}")
                continue
            apps.append(last)
            ratios.append(last / seconds)
            print(
                f"  records.csv: first byte {first:5.2f} s, whole {last:5.2f} s "
                f"({size / 1e6:.1f} MB, {rows:,} rows, whole: yes) | floor {kind} "
                f"{seconds:5.2f} s ({floor_rows:,} rows)"
            )
            if floor_rows != rows:
                failures.append(f"{label} records.csv {rows} rows, floor {floor_rows}")
        if apps:
            slowest = max(apps)
            verdict = "PASS" if slowest < AIM_NATIONAL_S else "FAIL"
            print(
                f"  {verdict}: records.csv slowest {slowest:.2f} s (aim < {AIM_NATIONAL_S:.0f} s)"
            )
            print(f"  records.csv / floor of the same run: {min(ratios):.2f}-{max(ratios):.2f}x")
            if verdict == "FAIL":
                failures.append(f"{label} records.csv {slowest:.1f} s")
        people = f"/reports/units/{city.root_id}/people.csv?year={year}"
        for _ in range(PEOPLE_WARM_UP):  # each worker's first compiles the statements
            download(client, jar, people)
        apps, floors = [], []
        for _ in range(PEOPLE_RUNS):
            _first, last, size, rows = download(client, jar, people)
            seconds, floor_rows = floor(url, PEOPLE_FLOOR, params, copy=False)
            apps.append(last)
            floors.append(seconds)
        print(
            f"  people.csv ({rows:,} rows, {size / 1e6:.1f} MB, whole: yes): "
            f"{', '.join(f'{s:.2f}' for s in apps)} s | floor (one SQL, {floor_rows:,} rows): "
            f"{', '.join(f'{s:.2f}' for s in floors)} s"
        )
        verdict = "PASS" if max(apps) < AIM_PEOPLE_S else "FAIL"
        print(f"  {verdict}: people.csv slowest {max(apps):.2f} s (aim < {AIM_PEOPLE_S:.0f} s)")
        if verdict == "FAIL":
            failures.append(f"{label} people.csv {max(apps):.2f} s")
        if floor_rows != rows:
            failures.append(f"{label} people.csv {rows} rows, floor {floor_rows}")
        client.close()
    finally:
        server.stop()
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="build the cities again")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--runs", type=int, default=3, help="national CSV downloads per database")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}, "
        f"SQLite {sqlite3.sqlite_version}, "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    databases = {
        "PostgreSQL": f"{ADMIN_URL.rsplit('/', 1)[0]}/{DATABASE}",
        "SQLite": f"sqlite:///{SQLITE_PATH}",
    }
    if args.only:
        databases = {k: v for k, v in databases.items() if k.lower() == args.only}
    failures = []
    for label, url in databases.items():
        failures += bench_database(label, url, args.rebuild, args.runs)
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
