"""The same rules on every path (docs/rules.md §3): one table of sessions, each recorded by a
volunteer's scan, the coordinator's scanner (online, or its offline queue), the coordinator by
hand, a make-up, a forgotten sign-out set by hand, a correction and an imported sheet, credits
the same minutes and hours.

Only time inside the activity counts (§3.1), then each session is rounded (§3.2); the times
given are kept as given on every path.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from import_files import csv_bytes
from records_world import t, world_fixture  # noqa: F401

from volunteer.clock import local_zone
from volunteer.extensions import db
from volunteer.records.importing.plan import import_records
from volunteer.records.models import RecordSource, RecordStatus, ServiceRecord
from volunteer.records.services import corrections, entries, forgotten, sessions
from volunteer.scanner.services import scans


def scan(world, account, activity, begin, end) -> ServiceRecord:
    sessions.record_sign_in(
        account=account, activity=activity, source=RecordSource.SELF_SCAN, at=begin
    )
    return sessions.record_sign_out(account=account, activity=activity, at=end)


def coordinator_scanner(world, account, activity, begin, end) -> ServiceRecord:
    for now in (begin, end):  # the same code scanned twice: in, then out
        scans.toggle_attendance(
            account=account,
            activity=activity,
            by=world["coordinator"],
            source=RecordSource.COORDINATOR_SCAN,
            now=now,
        )
    return last_record(account)


def offline_queue(world, account, activity, begin, end) -> ServiceRecord:
    from volunteer.scanner.models import ScanAction
    from volunteer.scanner.services import codes, offline
    from volunteer.scanner.services.queue_payload import QueuedScan

    code = codes.phone_code_for(account)
    scans = [
        QueuedScan(f"{account.id}-{action}", codes.phone_token(code, at), action, at, True)
        for action, at in ((ScanAction.SIGN_IN, begin), (ScanAction.SIGN_OUT, end))
    ]
    sent = end + timedelta(hours=1)  # the device's queue, sent once the network is back
    offline.receive_queue(
        activity=activity, scans=scans, device_now=sent, by=world["coordinator"], now=sent
    )
    return last_record(account)


def coordinator_by_hand(world, account, activity, begin, end) -> ServiceRecord:
    coordinator = world["coordinator"]
    scans.sign_in_by_hand(account=account, activity=activity, by=coordinator, now=begin)
    scans.sign_out_by_hand(account=account, activity=activity, by=coordinator, now=end)
    return last_record(account)


def make_up(world, account, activity, begin, end) -> ServiceRecord:
    return entries.enter_make_up(
        account=account,
        activity=activity,
        begin=begin,
        end=end,
        reason="扫码设备故障",
        evidence_note="纸质签到表",
        by=world["coordinator"],
    )


def forgotten_sign_out(world, account, activity, begin, end) -> ServiceRecord:
    record = sessions.record_sign_in(
        account=account, activity=activity, source=RecordSource.SELF_SCAN, at=begin
    ).record
    forgotten.close_forgotten_sign_outs(now=activity.ends_at + timedelta(hours=3))
    return forgotten.resolve_forgotten_sign_out(
        record, signed_out_at=end, reason="忘记签退，负责人核实", by=world["coordinator"]
    )


def correction(world, account, activity, begin, end) -> ServiceRecord:
    asked = corrections.request_correction(
        account=account, message="漏记了这次服务", activity=activity, begin=begin, end=end
    )
    return corrections.accept_correction(asked, by=world["manager"])


def imported(world, account, activity, begin, end) -> ServiceRecord:
    zone = local_zone()
    local_begin, local_end = begin.astimezone(zone), end.astimezone(zone)
    header = ["姓名", "工号", "活动编号", "日期", "开始时间", "结束时间"]
    row = [
        account.staff_member.name,
        account.username,
        activity.number,
        f"{local_begin:%Y-%m-%d}",
        f"{local_begin:%H:%M}",
        f"{local_end:%H:%M}",  # a night row's end is earlier than its start: read past midnight
    ]
    summary = import_records(data=csv_bytes([row], header), filename="纸质签到表.csv")
    (record,) = summary.records
    clipped = [(row.written, row.counted) for row in summary.clipped]
    counted = (max(begin, activity.starts_at), min(end, activity.ends_at))
    assert clipped == ([] if counted == (begin, end) else [((begin, end), counted)])
    return record


def last_record(account) -> ServiceRecord:
    return db.session.scalars(
        db.select(ServiceRecord)
        .where(ServiceRecord.account_id == account.id)
        .order_by(ServiceRecord.id.desc())
    ).first()


PATHS = {
    "scan": scan,
    "coordinator's scanner": coordinator_scanner,
    "coordinator's offline queue": offline_queue,
    "coordinator by hand": coordinator_by_hand,
    "make-up": make_up,
    "forgotten sign-out": forgotten_sign_out,
    "correction": correction,
    "import": imported,
}
# A make-up always waits for a manager (§3.6); every other path is approved up to 8 h a day.
WAITS = {"make-up"}

DAY, NIGHT = "09:00–12:00", "22:00–06:00"
SESSIONS = [
    pytest.param(DAY, t(9), t(11), 120, "2", id="inside → 2"),
    pytest.param(DAY, t(8, 30), t(11), 120, "2", id="early sign-in: from the start → 2"),
    pytest.param(DAY, t(10), t(12, 40), 120, "2", id="late sign-out: to the end → 2"),
    pytest.param(DAY, t(8, 10), t(13, 50), 180, "3", id="both ends outside → the activity, 3"),
    pytest.param(DAY, t(9), t(10, 15), 75, "1", id="1 h 15 → 1"),
    pytest.param(DAY, t(9), t(10, 16), 76, "1.5", id="1 h 16 → 1.5"),
    pytest.param(DAY, t(9), t(10, 45), 105, "1.5", id="1 h 45 → 1.5"),
    pytest.param(DAY, t(9), t(10, 46), 106, "2", id="1 h 46 → 2"),
    pytest.param(DAY, t(8, 20), t(9, 16), 16, "0.5", id="early sign-in, 16 min inside → 0.5"),
    pytest.param(DAY, t(11, 45), t(12, 30), 15, "0", id="late sign-out, 15 min inside → 0"),
    pytest.param(NIGHT, t(21, 30), t(1, 16, day=6), 196, "3.5", id="night: 3 h 16 → 3.5"),
    pytest.param(NIGHT, t(23, 50), t(0, 6, day=6), 16, "0.5", id="night: 16 min over midnight"),
    pytest.param(NIGHT, t(21, 10), t(6, 45, day=6), 480, "8", id="night, both ends outside → 8"),
    pytest.param(NIGHT, t(0, 30, day=6), t(2, 45, day=6), 135, "2", id="night, after midnight"),
]


@pytest.fixture
def activities(world, make_activity):
    """The morning activity of the world, and a night one from 22:00 to 06:00."""
    night = make_activity(world["org"]["a"], "夜间急救保障", starts_at=t(22), hours=8)
    return {DAY: world["activity"], NIGHT: night}


@pytest.mark.parametrize(("activity", "begin", "end", "minutes", "hours"), SESSIONS)
def test_every_path_credits_a_session_alike(
    db, world, activities, make_volunteer, activity, begin, end, minutes, hours
):
    credited = {}
    for n, (path, record_session) in enumerate(PATHS.items()):
        # A volunteer of their own per path, so each path meets an empty day.
        account = make_volunteer(world["org"]["a1"], f"志愿者{n}")
        record = record_session(world, account, activities[activity], begin, end)
        db.session.commit()
        waits = path in WAITS
        assert record.status == (RecordStatus.NEEDS_REVIEW if waits else RecordStatus.APPROVED)
        assert (record.signed_in_at, record.signed_out_at) == (begin, end), path
        credited[path] = (record.credited_minutes, record.hours)

    assert credited == {path: (minutes, Decimal(hours)) for path in PATHS}
