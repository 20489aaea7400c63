"""Sign-ins under load with a fault: gunicorn's three workers on PostgreSQL, volunteers scanning
the screen's code all at once over HTTP, one worker SIGKILLed half-way. Afterwards every volunteer
has exactly one record: none lost, none doubled, though some pressed 签到 twice and those whose
request died with the worker scanned again. The figures are printed in the run's output.

VOLUNTEER_LOAD_SIGNINS sets how many volunteers (300 in the suite; 2000 for the issue's burst).
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import ON_POSTGRES, PASSWORD
from load_and_fault import (
    Died,
    Phone,
    free_port,
    kill_a_worker_mid_request,
    wait_until_up,
    workers_of,
)
from werkzeug.security import generate_password_hash

from volunteer.auth.models import Account
from volunteer.checkin import tokens
from volunteer.clock import utc_now
from volunteer.demo.crowd import enrol_volunteers
from volunteer.records.models import RecordStatus, ServiceRecord

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(not ON_POSTGRES, reason="three processes writing at once need PostgreSQL"),
]

ROOT = Path(__file__).resolve().parent.parent
SIGN_INS = int(os.environ.get("VOLUNTEER_LOAD_SIGNINS", "300"))
CLIENTS = 50
REPEAT_EVERY = 10  # every tenth volunteer presses 签到 a second time
ROTATE_SECONDS = 30  # QR_ROTATE_SECONDS
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
SIGNED_IN = 'data-checkin-state="signed-in"'


@dataclass
class Tally:
    """What the clients saw, counted across threads."""

    acknowledged: set[str] = field(default_factory=set)
    retried: set[str] = field(default_factory=set)
    failed: dict[str, str] = field(default_factory=dict)
    done: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    half_way: threading.Event = field(default_factory=threading.Event)


def csrf_of(page: str) -> str:
    match = CSRF.search(page)
    assert match, "no CSRF token on the page"
    return match[1]


def scan_and_sign_in(phone: Phone, secret: str, key: str, username: str, repeat: bool) -> bool:
    """Scan the screen's current code, log in, press 签到 (twice when `repeat`); say whether
    the page then shows the volunteer signed in."""
    token = tokens.activity_token(secret, key, utc_now(), ROTATE_SECONDS)
    url, page = phone.open(f"/S/{token}")
    assert "/login" in url, url
    form = {"identifier": username, "password": PASSWORD, "csrf_token": csrf_of(page)}
    url, page = phone.open(url, form)
    assert "/checkin/" in url, url
    for _press in range(2 if repeat else 1):
        url, page = phone.open(f"{url}/sign-in", {"csrf_token": csrf_of(page)})
    return SIGNED_IN in page


def volunteer_flow(base: str, secret: str, key: str, username: str, n: int, tally: Tally):
    """One volunteer's sign-in; a request that died is scanned again, once, on a fresh page."""
    for attempt in range(2):
        try:
            ok = scan_and_sign_in(Phone(base), secret, key, username, n % REPEAT_EVERY == 0)
        except Died as died:
            with tally.lock:
                if attempt:
                    tally.failed[username] = f"died twice: {died}"
                else:
                    tally.retried.add(username)
            continue
        except AssertionError as error:
            ok = False
            with tally.lock:
                tally.failed[username] = str(error)
        with tally.lock:
            if ok:
                tally.acknowledged.add(username)
            elif username not in tally.failed:
                tally.failed[username] = "the page did not show 已签到"
        break
    with tally.lock:
        tally.done += 1
        if tally.done >= SIGN_INS // 2:
            tally.half_way.set()


def enrol(db, unit, count: int) -> list[str]:
    """Add `count` registered volunteers of `unit` in bulk; return their usernames (工号)."""
    password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
    accounts = enrol_volunteers(
        unit, count, staff_prefix="L", phone_prefix="137", password_hash=password_hash
    )
    db.session.commit()
    return [account.username for account in accounts]


def test_sign_ins_under_load_survive_a_killed_worker_exactly_once(
    app, db, org, make_activity, tmp_path, capsys
):
    activity = make_activity(org["a"], "大型义诊", hours=4)
    usernames = enrol(db, org["a1"], SIGN_INS)
    secret = secrets.token_hex(32)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log, access_log = tmp_path / "gunicorn.log", tmp_path / "access.log"
    env = {
        **os.environ,
        "VOLUNTEER_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "VOLUNTEER_SECRET_KEY": secret,
        "VOLUNTEER_INSTANCE_PATH": str(tmp_path),
        # One address sends every login here; the limits are tested on their own elsewhere.
        "VOLUNTEER_RATELIMIT_ENABLED": "false",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "3",
    }
    errors = log.open("w")
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "--access-logfile",
            str(access_log),
            "--access-logformat",
            "%(p)s %(s)s %(U)s",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=errors,
    )
    tally = Tally()
    killed: list[int] = []

    def kill_one_worker_half_way() -> None:
        if tally.half_way.wait(timeout=120):
            killed.append(kill_a_worker_mid_request(server.pid, port))

    try:
        wait_until_up(base, server, log, workers=3)
        killer = threading.Thread(target=kill_one_worker_half_way, daemon=True)
        killer.start()
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            for n, username in enumerate(usernames):
                pool.submit(volunteer_flow, base, secret, activity.token_key, username, n, tally)
        elapsed = time.monotonic() - started
        killer.join(timeout=5)
        # The app keeps answering: the master replaced the worker it lost.
        wait_until_up(base, server, log, workers=3)
        workers_after = workers_of(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
        errors.close()

    db.session.expire_all()
    per_person = Counter(
        db.session.scalars(
            db.select(Account.username)
            .join(ServiceRecord, ServiceRecord.account_id == Account.id)
            .where(ServiceRecord.activity_id == activity.id)
        )
    )
    statuses = set(db.session.scalars(db.select(ServiceRecord.status).distinct()).all())
    answered = [line.split() for line in access_log.read_text().splitlines()]
    by_status = Counter(status for _pid, status, _path in answered)
    figures = (
        f"\n{SIGN_INS} sign-ins by {CLIENTS} concurrent clients on 3 gunicorn workers "
        f"in {elapsed:.1f} s ({SIGN_INS / elapsed:.0f} sign-ins/s, {len(answered)} requests, "
        f"{len(answered) / elapsed:.0f} requests/s); a worker SIGKILLed mid-request half-way; "
        f"{len(tally.retried)} volunteers' requests died and scanned again; "
        f"{sum(1 for n in range(SIGN_INS) if n % REPEAT_EVERY == 0)} pressed 签到 twice; "
        f"answers {dict(by_status)}"
    )
    with capsys.disabled():  # the run's figures belong in CI's log, captured or not
        print(figures)

    assert len(killed) == 1, "no worker was killed"
    [victim] = killed
    assert victim not in workers_after and len(workers_after) == 3
    assert tally.retried, "the killed worker's request reached nobody: the fault proved nothing"
    assert tally.failed == {}
    assert tally.acknowledged == set(usernames)
    assert set(per_person) == set(usernames), "a sign-in was lost"
    assert max(per_person.values()) == 1, "a sign-in was recorded twice"
    assert statuses == {RecordStatus.OPEN}
    assert not any(status.startswith("5") for status in by_status), by_status
    served_by = {pid for pid, status, path in answered if path.endswith("/sign-in")}
    assert len(served_by) >= 3, f"only workers {served_by} signed people in"
    assert "Exception on" not in log.read_text()
