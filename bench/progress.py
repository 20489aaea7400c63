"""Time the progress pages at city and province scale, against one SQL (issues 4 and 12).

    .venv/bin/python bench/progress.py [--scale city|province|city,province] [--rebuild|--upgrade]
                                       [--only sqlite|postgresql] [--requests 60] [--explain]

At city scale on SQLite (/tmp/volunteer_bench_progress.db) and on PostgreSQL (database
volunteer_bench_progress on 127.0.0.1:5432, user postgres; VOLUNTEER_BENCH_ADMIN_URL names
another server's maintenance database), at province scale on PostgreSQL only (database
volunteer_bench_province), it builds the demo exactly as `flask demo-data --scale …` does, or
reuses it when its marker says it was built by the same generator, migrations, scale and year.
With --upgrade, a database built for the same scale and year by older code is migrated and
kept only if `flask check-hours-totals` finds every kept total equal to a recount (the
province takes ten minutes to build, its upgrade and check about two).
Then, through gunicorn (2 sync workers, as bench/checkin.py) and logged in as the top unit's
manager, it measures with one client, one request at a time, after 5 warm-up requests:

- GET /progress/units/<unit>?year=Y and GET /progress/units/<unit>.json?year=Y, for the top
  commission (the city's, or the province's and its first city's) and for one hospital
  (示范市第一人民医院, the same hospital at both scales): p50/p95 over --requests requests;
  the commissions' breakdown (GET /progress/units/<unit>/breakdown?year=Y) the same way;
- the floor: the same figures (headcount, registered, approved hours, meeting the target per
  child unit, docs/rules.md §4: unit on D through staff_transfer, registration dated on or before D)
  computed by ONE hand-written SQL statement straight over the records and the roster (not
  person_year_hours), timed the same way from this process (at province scale 1 warm-up and 5
  runs: it sums 12 million records). Its figures must equal the JSON's;
- at city scale, GET /reports/units/<commission>/people.xlsx?year=Y, the ~30,000-person
  export, 3 times.

Each figure carries the load average when it was taken; at the end, one Markdown table puts
every path side by side per scale and database. Prints PASS/FAIL against the city's aims (page
and JSON p95 under 150 ms, the commission's breakdown under 300 ms, export under 10 s; the
province is measured, not judged) and exits 1 when an aim is missed or the floor and
the JSON disagree. With --explain, then times each SQL statement of the top commission's page
and JSON and the hospital's page (bench/progress_explain.py).
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import sqlite3
import sys
from dataclasses import dataclass, field
from datetime import date

from http_load import OUT, BenchFailed, Client, Server
from progress_city import (
    SCALES,
    Scale,
    app_env,
    build_city,
    describe_city,
    marker_key,
    measure_of,
    stored_marker,
    upgrade_city,
)
from progress_measure import (
    WARM_UP,
    CpuMeter,
    Timed,
    differences,
    log_in,
    time_export,
    time_floor,
    time_get,
)

NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
AIM_P95_MS = 150.0
# Issue 12: the commission's breakdown under 300 ms p95 at city scale, not growing with records.
AIM_BREAKDOWN_P95_MS = 300.0
AIM_EXPORT_S = 10.0


@dataclass
class Outcome:
    label: str  # "city PostgreSQL"
    failures: list[str]
    figures: dict[str, Timed] = field(default_factory=dict)  # by "hospital JSON" and so on
    notes: list[str] = field(default_factory=list)


def build_or_reuse(scale: Scale, url: str, rebuild: bool, upgrade: bool, secret: str) -> str:
    """Build the demo at `scale` unless the database's marker says it is the current one (or,
    with `upgrade`, it was built for this scale and year and upgrades with exact totals)."""
    key, stored = marker_key(date.today().year, scale), stored_marker(url)
    if upgrade and not rebuild and stored and stored.rsplit(":", 1)[0] == key.rsplit(":", 1)[0]:
        seconds = upgrade_city(url, key, secret) if stored != key else None
        if seconds is not None:
            return f"built by older code ({stored}), upgraded and checked in {seconds:.0f} s"
    if rebuild or stored_marker(url) != key:
        seconds = build_city(url, key, secret, scale)
        return f"built by demo-data --scale {scale.name} in {seconds:.0f} s"
    return f"reused (marker {key})"


def bench_database(scale: Scale, database: str, args: argparse.Namespace) -> Outcome:
    rebuild, count, explain = args.rebuild, args.requests, args.explain
    label, url = f"{scale.name} {NAMES[database]}", scale.url(database)
    outcome = Outcome(label, [])
    secret = secrets.token_hex(32)
    built = build_or_reuse(scale, url, rebuild, args.upgrade, secret)
    city = describe_city(url, scale)
    year, day, target = measure_of(url)
    size = f", {city.size_bytes / 2**30:.1f} GiB" if city.size_bytes else ""
    print(f"\n{label}: {city.staff:,} staff, {city.records:,} records{size}, {built}")
    print(f"  year {year}, figures on {day}, hours target {target}")
    outcome.notes.append(f"{city.staff:,} staff, {city.records:,} records{size}")
    failures = outcome.failures
    server = Server(
        f"progress-{label.replace(' ', '-').lower()}",
        "volunteer:create_app()",
        app_env(url, secret),
        "/login",
    )
    try:
        client, cpu = Client(server.port), CpuMeter(scale.database, server)
        jar = log_in(client)
        for what, code in scale.units:
            unit_id = city.ids[code]
            at = f"/progress/units/{unit_id}"
            page, _ = time_get(client, jar, f"{what} page", f"{at}?year={year}", count, cpu)
            json_timed, body = time_get(
                client, jar, f"{what} JSON", f"{at}.json?year={year}", count, cpu
            )
            outcome.figures |= {page.label: page, json_timed.label: json_timed}
            if what.endswith("commission"):  # The commission's breakdown, read from the kept rows.
                split, _ = time_get(
                    client, jar, f"{what} breakdown", f"{at}/breakdown?year={year}", count, cpu
                )
                print(split.line(f"aim p95 < {AIM_BREAKDOWN_P95_MS:.0f} ms at city scale"))
                outcome.figures[split.label] = split
                _judge(outcome, scale.name, split, AIM_BREAKDOWN_P95_MS)
            params = {
                "day": day,
                "first": date(year, 1, 1),
                "after": date(year + 1, 1, 1),
                "target": target,
                "unit": unit_id,
            }
            runs, warm_up = scale.floor_runs or count, 1 if scale.floor_runs else WARM_UP
            floor, figures = time_floor(
                url, scale.database, f"{what} floor (one SQL)", params, runs, warm_up
            )
            outcome.figures[floor.label] = floor
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
                _judge(outcome, scale.name, timed, AIM_P95_MS)
        if scale.name == "city":  # 300,000 rows at province scale: bench/exports.py's part
            _bench_export(outcome, client, jar, f"/reports/units/{city.root_id}", year, cpu)
        client.close()
    finally:
        server.stop()
    if explain:
        from progress_explain import explain_page

        top, hospital = scale.units[0][1], scale.units[-1][1]
        for code, kind in ((top, "page"), (top, "json"), (hospital, "page")):
            explain_page(label, url, code, year, kind)
    return outcome


def _judge(outcome: Outcome, scale: str, timed, aim_ms: float) -> None:
    """PASS or FAIL a path against its aim; the aims are the city's, the province is measured."""
    if scale != "city":
        print(f"  MEASURED: {timed.label} p95 {timed.p95:.0f} ms (aims are the city's)")
        return
    verdict = "PASS" if timed.p95 < aim_ms else "FAIL"
    print(f"  {verdict}: {timed.label} p95 {timed.p95:.0f} ms (aim < {aim_ms:.0f} ms)")
    if verdict == "FAIL":
        outcome.failures.append(f"{outcome.label} {timed.label} p95 {timed.p95:.0f} ms")


def _bench_export(outcome: Outcome, client, jar, at: str, year: int, cpu: CpuMeter) -> None:
    """Download the commission's people.xlsx EXPORTS times against the export aim."""
    label = outcome.label
    try:
        seconds, cpus, rows = time_export(client, jar, f"{at}/people.xlsx?year={year}", cpu)
    except BenchFailed as missing:
        print(f"  export not measured: {missing}")
        outcome.failures.append(f"{label} export: {missing}")
        return
    slowest = max(seconds)
    runs = ", ".join(f"{s:.2f}" for s in seconds)
    print(f"  people.xlsx of the commission ({rows:,} rows): {runs} s")
    print(f"  CPU per export: {', '.join(f'{c:.2f}' for c in cpus)} s")
    verdict = "PASS" if slowest < AIM_EXPORT_S else "FAIL"
    print(f"  {verdict}: export slowest {slowest:.1f} s (aim < {AIM_EXPORT_S:.0f} s)")
    if verdict == "FAIL":
        outcome.failures.append(f"{label} export {slowest:.1f} s")


def side_by_side(outcomes: list[Outcome]) -> None:
    """Print every path's figures at each scale and database as one Markdown table."""
    paths = list(dict.fromkeys(path for outcome in outcomes for path in outcome.figures))
    print("\n| path | " + " | ".join(o.label for o in outcomes) + " |")
    print("|---|" + "---:|" * len(outcomes))
    print("| data | " + " | ".join("; ".join(o.notes) for o in outcomes) + " |")
    for path in paths:
        cells = []
        for outcome in outcomes:
            timed = outcome.figures.get(path)
            if timed is None:
                cells.append("—")
                continue
            cpu = timed.cpu / len(timed.seconds) * 1000
            cells.append(
                f"{timed.p50:,.0f} / **{timed.p95:,.0f}** ms, CPU {cpu:,.0f}, load {timed.load:.1f}"
            )
        print(f"| {path} | " + " | ".join(cells) + " |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="build the databases again")
    parser.add_argument(
        "--upgrade",
        action="store_true",
        help="when only the code changed, migrate and check the kept totals instead of building",
    )
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument(
        "--scale",
        default="city",
        help="city, province or city,province (side by side); province is PostgreSQL only",
    )
    parser.add_argument("--requests", type=int, default=60, help="timed requests per path")
    parser.add_argument(
        "--explain", action="store_true", help="then time each statement of the pages, with plans"
    )
    args = parser.parse_args()
    scales = [SCALES[name.strip()] for name in args.scale.split(",")]
    OUT.mkdir(parents=True, exist_ok=True)
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}, "
        f"SQLite {sqlite3.sqlite_version}, "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    print("gunicorn 2 sync workers; one client, one request at a time, after 5 warm-ups")
    outcomes = []
    for scale in scales:
        for database in scale.databases:
            if args.only in (None, database):
                outcomes.append(bench_database(scale, database, args))
    side_by_side(outcomes)
    print(f"\nload average at the end {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    failures = [failure for outcome in outcomes for failure in outcome.failures]
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchFailed as failure:
        print(f"FAIL: {failure}")
        sys.exit(1)
