"""The machinery of tests/test_load_and_fault.py: phones that speak HTTP with their own cookies,
and a fault injected where it hurts (a gunicorn worker SIGKILLed while it answers a request).

Linux only: which worker holds which connection is read from /proc.
"""

from __future__ import annotations

import contextlib
import http.client
import http.cookiejar
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

# The local ports of the clients' connections that have sent a request and await its answer.
AWAITING: set[int] = set()


class AwaitedConnection(http.client.HTTPConnection):
    """A connection that notes its port in AWAITING from its request until the answer begins."""

    def connect(self) -> None:
        super().connect()
        self.local_port = self.sock.getsockname()[1]

    def getresponse(self) -> http.client.HTTPResponse:
        AWAITING.add(self.local_port)
        try:
            return super().getresponse()
        finally:
            AWAITING.discard(self.local_port)


class AwaitedHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(AwaitedConnection, req)


class Died(Exception):
    """The connection dropped before an answer came: the worker serving it was killed."""


class Phone:
    """One volunteer's phone: its own cookies, following redirects as a browser does."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            AwaitedHandler, urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def open(self, path: str, form: dict[str, str] | None = None) -> tuple[str, str]:
        """Return (final URL, page) of a GET, or of a POST of `form`; Died if the line drops."""
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        url = path if path.startswith("http") else f"{self.base}{path}"
        try:
            with self.opener.open(url, data=data, timeout=60) as response:
                return response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            raise AssertionError(f"{error.code} from {url}") from None
        except (OSError, http.client.HTTPException) as error:
            raise Died(str(error)) from error


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def workers_of(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


@dataclass(frozen=True)
class Connection:
    """One end of a TCP connection on this machine, from /proc/net/tcp."""

    local_port: int
    remote_port: int
    established: bool
    unread: int  # bytes received and not yet read by the process holding it


def connections() -> dict[str, Connection]:
    """Return this machine's IPv4 TCP sockets by their `socket:[inode]` name."""
    found = {}
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        found[f"socket:[{fields[9]}]"] = Connection(
            local_port=int(fields[1].split(":")[1], 16),
            remote_port=int(fields[2].split(":")[1], 16),
            established=fields[3] == "01",
            unread=int(fields[4].split(":")[1], 16),
        )
    return found


def unanswered_request_of(pid: int, port: int) -> bool:
    """Whether the (stopped) worker holds a request whose client has had no byte of answer."""
    sockets = connections()
    waiting_clients = {
        c.local_port for c in sockets.values() if c.remote_port == port and c.unread == 0
    } & AWAITING
    fds = Path(f"/proc/{pid}/fd")
    for fd in os.listdir(fds):
        with contextlib.suppress(FileNotFoundError):
            held = sockets.get(os.readlink(fds / fd))
            if held and held.established and held.local_port == port:
                return held.remote_port in waiting_clients
    return False


def kill_a_worker_mid_request(master: int, port: int) -> int:
    """SIGKILL a worker while it answers a request: stop them all, so that what each holds
    stays put while we look, kill one that holds an unanswered request, let the others go."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        workers = workers_of(master)
        for pid in workers:
            os.kill(pid, signal.SIGSTOP)
        try:
            victim = next((pid for pid in workers if unanswered_request_of(pid, port)), None)
            if victim is not None:
                os.kill(victim, signal.SIGKILL)
                return victim
        finally:
            for pid in workers:
                os.kill(pid, signal.SIGCONT)
        time.sleep(0.005)
    raise AssertionError("no worker was answering a request to kill")


def wait_until_up(base: str, server: subprocess.Popen, log: Path, workers: int) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2).close()
            if len(workers_of(server.pid)) == workers:
                return
        except OSError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            raise AssertionError(log.read_text())
        time.sleep(0.2)
