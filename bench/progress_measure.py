"""How bench/progress.py measures: CPU of the server's processes, timed GETs, the floor
statement, the export download, and the JSON's figures against the floor's."""

from __future__ import annotations

import contextlib
import io
import os
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import sqlalchemy as sa
from http_load import BenchFailed, Client, CookieJar, Server, csrf_token, expect, percentiles
from progress_city import COMPARED, FLOOR, MANAGER, PASSWORD

WARM_UP = 5
EXPORTS = 3


# --- Measuring -----------------------------------------------------------------------------


def _ticks(pid: int | str) -> int:
    """utime + stime of one process, in clock ticks (0 once it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def _database_backends(database: str) -> list[str]:
    """PostgreSQL's backends serving the bench database (none for SQLite)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes() if proc.name.isdigit() else b""
        except OSError:
            continue
        if command.startswith(b"postgres:") and f" {database} ".encode() in command:
            found.append(proc.name)
    return found


class CpuMeter:
    """CPU time of everything serving the requests: gunicorn's workers, PostgreSQL's backends and
    this process (the client, or the floor's driver and SQLite). On a shared machine this moves
    much less than wall time: it is what a request costs, whatever else is running. Counted per
    process, so a backend that exits between two snapshots takes nothing away."""

    def __init__(self, database: str, server: Server | None = None):
        self.database, self.server = database, server

    def snapshot(self) -> dict[str, int]:
        pids = [str(os.getpid()), *_database_backends(self.database)]
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
    """One measured path: its label, the seconds of each timed request and their CPU seconds,
    and the machine's load average (1 minute) when the last request ended."""

    label: str
    seconds: list[float]
    cpu: float
    load: float = field(default_factory=lambda: os.getloadavg()[0])

    @property
    def p50(self) -> float:
        return percentiles(self.seconds)[0]

    @property
    def p95(self) -> float:
        return percentiles(self.seconds)[1]

    def line(self, note: str = "") -> str:
        cpu = self.cpu / len(self.seconds) * 1000
        figures = f"p50 {self.p50:7.1f} ms  p95 {self.p95:7.1f} ms  CPU {cpu:6.1f} ms"
        figures += f"  load {self.load:4.1f}"
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


def time_floor(
    url: str, database: str, label: str, params: dict, count: int, warm_up: int = WARM_UP
):
    """Run the floor statement like the pages: `warm_up` untimed runs, then `count` timed."""
    engine, cpu = sa.create_engine(url), CpuMeter(database)
    seconds, before = [], {}
    with engine.connect() as conn:
        for n in range(warm_up + count):
            if n == warm_up:
                before = cpu.snapshot()
            start = time.perf_counter()
            rows = conn.execute(FLOOR, params).mappings().all()
            elapsed = time.perf_counter() - start
            if n >= warm_up:
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
