"""What bench/checkin.py drives its servers with: gunicorn on a free port, client threads
sharing a queue of tasks over keep-alive connections, and the percentiles of their timings.

Nothing here knows about check-ins: the floor (bench/floor_app.py) and the app are served and
driven alike; bench/checkin_figures.py describes what they did.
"""

from __future__ import annotations

import http.client
import os
import queue
import re
import shlex
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
BIN = Path(sys.executable).parent

CLIENTS = 8
# Both servers alike; VOLUNTEER_BENCH_WORKERS tries another count (gunicorn.conf.py: 2 per core),
# VOLUNTEER_BENCH_GUNICORN_ARGS other settings, e.g. "--worker-class gthread --threads 2".
WORKERS = int(os.environ.get("VOLUNTEER_BENCH_WORKERS", "2"))
EXTRA_ARGS = shlex.split(os.environ.get("VOLUNTEER_BENCH_GUNICORN_ARGS", ""))

CSRF_INPUT = re.compile(r"<input[^>]*\bname=\"csrf_token\"[^>]*>")
VALUE = re.compile(r"\bvalue=\"([^\"]*)\"")


class BenchFailed(Exception):
    """The run cannot be trusted: a request or the final check went wrong."""


# --- gunicorn -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A gunicorn with WORKERS sync workers on a free port; stopped with SIGTERM, then killed.

    gunicorn reads the repository's gunicorn.conf.py, whose max_requests recycles a worker
    after about 1,000 requests: the CPU of a recycled worker would go uncounted (an earlier
    figure of 2.4 ms per event was that), so the bench's workers are never recycled.
    """

    def __init__(self, name: str, app: str, env: dict[str, str], ready_path: str):
        self.name, self.port = name, free_port()
        self.log = OUT / f"gunicorn-{name}.log"
        command = [str(BIN / "gunicorn"), "--workers", str(WORKERS), "--max-requests", "0"]
        command += [*EXTRA_ARGS, "--bind"]
        command += [f"127.0.0.1:{self.port}", "--pythonpath", str(ROOT / "bench"), app]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=log
            )
        self._wait_ready(ready_path)

    def _wait_ready(self, path: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchFailed(f"gunicorn ({self.name}) exited; see {self.log}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", path)
                if conn.getresponse().status == 200:
                    conn.close()
                    return
                conn.close()
            except OSError:
                pass
            time.sleep(0.2)
        raise BenchFailed(f"gunicorn ({self.name}) not ready after {timeout:.0f} s; see {self.log}")

    def cpu_seconds(self) -> float | None:
        """Return the CPU time the workers used so far: less noisy than wall time on a busy box."""
        try:
            pid = self.process.pid
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            return sum(process_cpu(int(child)) for child in children)
        except OSError:
            return None

    def profile(self, path: Path) -> subprocess.Popen:
        """Start py-spy sampling this server's workers into `path` (collapsed stacks)."""
        command = [str(BIN / "py-spy"), "record", "--subprocesses", "--format", "raw", "--rate"]
        command += ["200", "--pid", str(self.process.pid), "--output", str(path)]
        return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def process_cpu(pid: int) -> float:
    """Return the CPU seconds a process on this machine has used (user and system)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


# --- The clients ----------------------------------------------------------------------------


class CookieJar:
    """One volunteer's phone: the cookies the server set, sent back on every request."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def header(self) -> dict[str, str]:
        if not self.cookies:
            return {}
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def take(self, response: http.client.HTTPResponse) -> None:
        for set_cookie in response.headers.get_all("Set-Cookie") or []:
            pair, *attributes = (part.strip() for part in set_cookie.split(";"))
            name, _, value = pair.partition("=")
            lowered = [a.lower() for a in attributes]
            expired = "max-age=0" in lowered or any("1970" in a for a in lowered)
            if expired or not value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value


@dataclass
class Reply:
    status: int
    location: str
    body: str


@dataclass
class Timings:
    """Seconds per request, by kind: the writing POSTs and the GETs."""

    posts: list[float] = field(default_factory=list)
    gets: list[float] = field(default_factory=list)


class Client:
    """One client thread's keep-alive connection (gunicorn's sync workers close it each time)."""

    def __init__(self, port: int, timings: Timings | None = None):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.timings = timings

    def send(self, method: str, path: str, jar: CookieJar | None, form=None) -> Reply:
        headers = jar.header() if jar else {}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # The server closed an idle connection between requests: reconnect once.
            self.conn.close()
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        elapsed = time.perf_counter() - start
        if self.timings is not None:
            (self.timings.posts if method == "POST" else self.timings.gets).append(elapsed)
        if jar is not None:
            jar.take(response)
        return Reply(response.status, response.getheader("Location") or "", text)

    def close(self) -> None:
        self.conn.close()


def csrf_token(html: str, where: str) -> str:
    tag = CSRF_INPUT.search(html)
    value = VALUE.search(tag.group(0)) if tag else None
    if value is None:
        raise BenchFailed(f"no csrf_token input on {where}")
    return value.group(1)


def expect(reply: Reply, statuses: tuple[int, ...], what: str) -> Reply:
    if reply.status not in statuses:
        snippet = re.sub(r"\s+", " ", reply.body)[:300]
        raise BenchFailed(f"{what}: HTTP {reply.status} {reply.location} {snippet}")
    return reply


def run_threads(tasks: list, work: Callable[[Client, object], None], port: int) -> Timings:
    """Run the tasks from one shared queue on CLIENTS threads; raise the first failure."""
    todo: queue.Queue = queue.Queue()
    for task in tasks:
        todo.put(task)
    timings = [Timings() for _ in range(CLIENTS)]
    errors: list[BaseException] = []

    def loop(mine: Timings) -> None:
        client = Client(port, mine)
        try:
            while not errors:
                try:
                    task = todo.get_nowait()
                except queue.Empty:
                    return
                work(client, task)
        except BaseException as error:  # handed to the main thread
            errors.append(error)
        finally:
            client.close()

    threads = [threading.Thread(target=loop, args=(t,)) for t in timings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    merged = Timings()
    for t in timings:
        merged.posts += t.posts
        merged.gets += t.gets
    return merged


# --- Figures ---------------------------------------------------------------------------------


def percentiles(seconds: list[float]) -> tuple[float, float, float]:
    """Return p50, p95 and p99 in milliseconds."""
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000
