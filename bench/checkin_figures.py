"""The figures of bench/checkin.py's timed runs: rates, latencies, and where the machine's CPU
went (the gunicorn workers, PostgreSQL's backends and the bench's own client threads)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from http_load import Timings, percentiles


@dataclass
class Result:
    label: str
    events: int
    seconds: float
    timings: Timings
    cpu_seconds: float | None  # the gunicorn workers'
    database_cpu: float | None = None  # PostgreSQL's backends serving the bench's database
    client_cpu: float | None = None  # the bench's client threads

    @property
    def per_second(self) -> float:
        return self.events / self.seconds

    @property
    def requests_per_second(self) -> float:
        return (len(self.timings.posts) + len(self.timings.gets)) / self.seconds

    @property
    def machine_cpu(self) -> float | None:
        """All three: on this 2-core machine the servers and the clients share the cores."""
        if self.cpu_seconds is None or self.database_cpu is None or self.client_cpu is None:
            return None
        return self.cpu_seconds + self.database_cpu + self.client_cpu


def describe(result: Result, unit: str) -> None:
    t = result.timings
    requests = len(t.posts) + len(t.gets)
    print(
        f"{result.label}: {result.events} {unit} in {result.seconds:.2f} s = "
        f"{result.per_second:.0f} {unit}/s ({requests} requests, "
        f"{result.requests_per_second:.0f}/s)"
    )
    one = unit[:-1]
    if result.cpu_seconds is not None:
        per = result.cpu_seconds / result.events * 1000
        print(f"  gunicorn workers' CPU: {result.cpu_seconds:.1f} s, {per:.1f} ms per {one}")
    if result.machine_cpu is not None:
        per = result.machine_cpu / result.events * 1000
        database = (result.database_cpu or 0) / result.events * 1000
        clients = (result.client_cpu or 0) / result.events * 1000
        print(
            f"  machine CPU per {one}: {per:.1f} ms (workers {per - database - clients:.1f},"
            f" PostgreSQL {database:.1f}, clients {clients:.1f});"
            f" cores busy {result.machine_cpu / result.seconds:.2f} of {os.cpu_count()}"
        )
    for kind, data in (("POST", t.posts), ("GET", t.gets)):
        if data:
            p50, p95, p99 = percentiles(data)
            figures = f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  p99 {p99:6.1f} ms"
            print(f"  {kind:<4} x{len(data):<5} {figures}")


def cpu_used(before: float | None, after: float | None) -> float | None:
    """Return the CPU seconds between two readings, unless one is missing."""
    return None if before is None or after is None else after - before


def _added(first: float | None, second: float | None) -> float | None:
    return None if first is None or second is None else first + second


def combined(first: Result, second: Result) -> Result:
    """Two runs of the floor taken as one: their writes, seconds, timings and CPU added."""
    return Result(
        first.label,
        first.events + second.events,
        first.seconds + second.seconds,
        Timings(first.timings.posts + second.timings.posts, []),
        _added(first.cpu_seconds, second.cpu_seconds),
        _added(first.database_cpu, second.database_cpu),
        _added(first.client_cpu, second.client_cpu),
    )
