"""Exactly once against the real database: simultaneous sign-ins (and sign-outs) of one person,
from threads with their own connections and from separate processes, make one record.

Runs on both engines: PostgreSQL queues the losers behind the winner's row in the
one-open-session index; SQLite queues whole writers (its busy timeout) and the losers then
find the winner's session before inserting.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select

from volunteer.activities.models import Activity
from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Account
from volunteer.errors import Conflict
from volunteer.extensions import db as _db
from volunteer.records.models import RecordSource, RecordStatus, ServiceRecord
from volunteer.records.services import sessions

RACERS = 8
SHANGHAI = ZoneInfo("Asia/Shanghai")
SIGN_IN_AT = datetime(2026, 3, 5, 9, 5, tzinfo=SHANGHAI)
SIGN_OUT_AT = datetime(2026, 3, 5, 11, 21, tzinfo=SHANGHAI)  # 2 h 16 → 2.5 h
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def scene(db, org, make_volunteer, make_activity):
    """A volunteer and a 09:00–12:00 activity, committed so other connections see them."""
    volunteer = make_volunteer(org["a1"], "王小明")
    activity = make_activity(
        org["a"], "社区义诊", starts_at=datetime(2026, 3, 5, 9, 0, tzinfo=SHANGHAI), hours=3
    )
    return {"account_id": volunteer.id, "activity_id": activity.id}


def run_race(app, scene, work, racers: int = RACERS) -> list:
    """Run `work(slot, account, activity)` in `racers` threads released at once, each in its
    own app context (so its own session and connection), committing; return results or errors."""
    barrier = threading.Barrier(racers)
    outcomes: list = [None] * racers

    def run(slot: int) -> None:
        with app.app_context():
            try:
                account = _db.session.get(Account, scene["account_id"])
                activity = _db.session.get(Activity, scene["activity_id"])
                _db.session.commit()  # start the race with no transaction open
                barrier.wait(timeout=30)
                outcomes[slot] = work(slot, account, activity)
                _db.session.commit()
            except Exception as error:  # the test inspects every failure
                _db.session.rollback()
                outcomes[slot] = error
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=run, args=(slot,)) for slot in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a racer hung"
    return outcomes


def sign_in_result(slot, account, activity):
    result = sessions.record_sign_in(
        account=account, activity=activity, source=RecordSource.SELF_SCAN, at=SIGN_IN_AT
    )
    return {"id": result.record.id, "already": result.already, "message": result.message()}


def sign_out_result(slot, account, activity):
    record = sessions.record_sign_out(account=account, activity=activity, at=SIGN_OUT_AT)
    return {"id": record.id, "hours": str(record.hours)}


def count(db, model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_simultaneous_sign_ins_make_one_record(app, db, scene):
    outcomes = run_race(app, scene, sign_in_result)

    errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert errors == [], errors
    assert len({outcome["id"] for outcome in outcomes}) == 1
    assert sorted(outcome["already"] for outcome in outcomes) == [False] + [True] * (RACERS - 1)
    assert {o["message"] for o in outcomes if o["already"]} == {"您已于09:05签到，无需重复签到。"}

    db.session.expire_all()
    [record] = db.session.scalars(select(ServiceRecord)).all()
    assert record.status == RecordStatus.OPEN
    assert record.id == outcomes[0]["id"]
    sign_ins = select(AuditEntry).where(AuditEntry.action == "record.sign_in")
    assert len(db.session.scalars(sign_ins).all()) == 1


def test_simultaneous_sign_ins_at_two_activities_open_one(app, db, scene, make_activity, org):
    """The one-open-session index holds across activities too: one wins, the rest conflict."""
    other = make_activity(
        org["b"], "健康宣教", starts_at=datetime(2026, 3, 5, 9, 0, tzinfo=SHANGHAI), hours=3
    )
    activity_ids = [scene["activity_id"], other.id]

    def work(slot, account, activity):
        target = _db.session.get(Activity, activity_ids[slot % 2])
        return sign_in_result(slot, account, target)

    outcomes = run_race(app, scene, work)

    unexpected = [o for o in outcomes if isinstance(o, Exception) and not isinstance(o, Conflict)]
    assert unexpected == [], unexpected
    opened = [o for o in outcomes if isinstance(o, dict) and not o["already"]]
    assert len(opened) == 1
    db.session.expire_all()
    assert count(db, ServiceRecord, ServiceRecord.status == RecordStatus.OPEN) == 1
    assert count(db, ServiceRecord) == 1


def test_simultaneous_sign_outs_close_once(app, db, scene):
    account = db.session.get(Account, scene["account_id"])
    activity = db.session.get(Activity, scene["activity_id"])
    sessions.record_sign_in(
        account=account, activity=activity, source=RecordSource.SELF_SCAN, at=SIGN_IN_AT
    )
    db.session.commit()

    outcomes = run_race(app, scene, sign_out_result)

    closed = [o for o in outcomes if isinstance(o, dict)]
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(closed) == 1, outcomes
    assert closed[0]["hours"] == "2.5"
    assert all(isinstance(error, Conflict) for error in refused), refused
    assert {error.message for error in refused} == {"您已于11:21签退。"}

    db.session.expire_all()
    [record] = db.session.scalars(select(ServiceRecord)).all()
    assert record.status == RecordStatus.APPROVED
    assert record.signed_out_at == SIGN_OUT_AT
    sign_outs = select(AuditEntry).where(AuditEntry.action == "record.sign_out")
    assert len(db.session.scalars(sign_outs).all()) == 1


# --- Separate processes ------------------------------------------------------------------------

PROCESS_SCRIPT = """
import json, sys, time
from datetime import datetime
from zoneinfo import ZoneInfo

from volunteer import create_app
from volunteer.activities.models import Activity
from volunteer.auth.models import Account
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.records.services import sessions
from volunteer.records.models import RecordSource

url, account_id, activity_id, start = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(
    sys.argv[4]
)
app = create_app({"TESTING": True, "SECRET_KEY": "x", "ALLOW_WEAK_SECRET_KEY_FOR_TESTS": True,
                  "SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False})
with app.app_context():
    account = db.session.get(Account, account_id)
    activity = db.session.get(Activity, activity_id)
    db.session.commit()
    time.sleep(max(0.0, start - time.time()))
    try:
        result = sessions.record_sign_in(
            account=account, activity=activity, source=RecordSource.SELF_SCAN,
            at=datetime(2026, 3, 5, 9, 5, tzinfo=ZoneInfo("Asia/Shanghai")),
        )
        db.session.commit()
        print(json.dumps({"id": result.record.id, "already": result.already}))
    except DomainError as error:
        db.session.rollback()
        print(json.dumps({"refused": error.message}))
    db.engine.dispose()
"""


def test_simultaneous_sign_ins_from_separate_processes_make_one_record(app, db, scene):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    # Long enough for every interpreter to import the app, so they all meet at the same moment.
    start = time.time() + 4
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                PROCESS_SCRIPT,
                url,
                str(scene["account_id"]),
                str(scene["activity_id"]),
                str(start),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outcomes = []
    for process in processes:
        out, err = process.communicate(timeout=90)
        assert process.returncode == 0, err
        outcomes.append(json.loads(out.strip().splitlines()[-1]))

    assert len({outcome["id"] for outcome in outcomes}) == 1, outcomes
    assert sorted(outcome["already"] for outcome in outcomes) == [False, True, True, True]
    db.session.expire_all()
    assert count(db, ServiceRecord) == 1
    assert count(db, AuditEntry, AuditEntry.action == "record.sign_in") == 1


def test_the_database_alone_refuses_a_second_open_session(app, db, scene):
    """Without the Python check, two raw inserts still meet the partial unique index."""
    values = {
        "account_id": scene["account_id"],
        "activity_id": scene["activity_id"],
        "source": "self_scan",
        "status": "open",
        "signed_in_at": SIGN_IN_AT,
        "service_date": SIGN_IN_AT.date(),
    }
    db.session.execute(sa.insert(ServiceRecord).values(**values))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(sa.insert(ServiceRecord).values(**values))
    db.session.rollback()


def test_simultaneous_sign_ins_close_a_forgotten_session_once(app, db, scene, make_activity, org):
    """Every racer finds the morning's session forgotten; one moves it to review, one audit."""
    account = db.session.get(Account, scene["account_id"])
    morning = db.session.get(Activity, scene["activity_id"])
    sessions.record_sign_in(
        account=account, activity=morning, source=RecordSource.SELF_SCAN, at=SIGN_IN_AT
    )
    db.session.commit()
    afternoon = make_activity(
        org["a"], "午后宣教", starts_at=datetime(2026, 3, 5, 15, 0, tzinfo=SHANGHAI), hours=2
    )
    afternoon_id = afternoon.id

    def work(slot, account, activity):
        result = sessions.record_sign_in(
            account=account,
            activity=_db.session.get(Activity, afternoon_id),
            source=RecordSource.SELF_SCAN,
            at=datetime(2026, 3, 5, 14, 30, tzinfo=SHANGHAI),
        )
        return {"id": result.record.id, "already": result.already}

    outcomes = run_race(app, scene, work)

    errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert errors == [], errors
    assert len({outcome["id"] for outcome in outcomes}) == 1
    db.session.expire_all()
    assert count(db, ServiceRecord, ServiceRecord.status == RecordStatus.OPEN) == 1
    assert count(db, ServiceRecord, ServiceRecord.status == RecordStatus.NEEDS_REVIEW) == 1
    assert count(db, AuditEntry, AuditEntry.action == "record.forgotten_sign_out") == 1
    assert count(db, AuditEntry, AuditEntry.action == "record.sign_in") == 2
