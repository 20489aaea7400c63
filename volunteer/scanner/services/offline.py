"""Scans kept on the coordinator's device while the network was down, received once each.

The scanner page stores every scan on the device first (an id made there, the device's time, the
code and the chosen action) and sends the queue when it can. Each scan is received exactly once,
by the device's id; it is checked against the code's validity at the time it claims, applied by
the normal rules at that time, and sent to review when the device clock was more than five
minutes off the server's at sending, or the claim does not fit the code's validity window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Insert, Select, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from volunteer.activities.models import Activity
from volunteer.auth.models import Account
from volunteer.clock import utc_now
from volunteer.core.times import hhmm
from volunteer.extensions import db
from volunteer.records.models import RecordStatus, ServiceRecord
from volunteer.records.rules import ReviewReason
from volunteer.scanner.models import OfflineOutcome, OfflineScan, ScanAction
from volunteer.scanner.services.claimed_time import CLOCK_TOLERANCE, code_valid_at, doubt
from volunteer.scanner.services.offline_attendance import (
    NotSignedIn,
    person_name,
    sign_in,
    sign_out,
)
from volunteer.scanner.services.queue_payload import QueuedScan
from volunteer.scanner.services.scans import ScanRefused

# A scan that reaches the server later than this after it was made waited on the device.
WAITED = timedelta(seconds=60)


@dataclass(frozen=True)
class Answer:
    """What became of one queued scan, as the coordinator's page lists it."""

    device_scan_id: str
    outcome: OfflineOutcome
    message: str

    def as_json(self) -> dict[str, Any]:
        """Return {id, outcome, message}."""
        return {"id": self.device_scan_id, "outcome": str(self.outcome), "message": self.message}


def receive_queue(
    *,
    activity: Activity,
    scans: Sequence[QueuedScan],
    device_now: datetime,
    by: Account,
    device: str | None = None,
    now: datetime | None = None,
) -> list[Answer]:
    """Apply each scan not received before, in the order of the device's times.

    A sign-out kept before its sign-in in the queue still finds the session open: the device's
    time orders them, and a sign-in goes first at the same moment. Answers follow the queue.
    """
    now = now or utc_now()
    offset = now - device_now
    answers = {}
    for scan in sorted(scans, key=lambda s: (s.scanned_at, s.action != ScanAction.SIGN_IN)):
        if scan.device_scan_id not in answers:
            answers[scan.device_scan_id] = _receive(
                scan, activity=activity, offset=offset, by=by, device=device, now=now
            )
    return [answers[scan.device_scan_id] for scan in scans]


def _stored(device_scan_id: str) -> Select[OfflineScan]:
    return select(OfflineScan).where(OfflineScan.device_scan_id == device_scan_id)


def _claim(scan: QueuedScan, **values: Any) -> OfflineScan | None:
    """Store the scan's row unless its device id is stored already; return it, or None.

    A transaction inserting the same id waits for the other to end (on both engines), so a scan
    sent twice at once is applied by one request and read back by the other. The row is refused
    until applied, all in this transaction.
    """
    values.update(
        device_scan_id=scan.device_scan_id,
        action=scan.action,
        scanned_at=scan.scanned_at,
        outcome=OfflineOutcome.REFUSED,
        message="",
    )
    # Each dialect has its own Insert with on_conflict_do_nothing (as records/totals.py).
    statement: Insert
    if db.session.get_bind().dialect.name == "postgresql":
        statement = postgresql_insert(OfflineScan).values(**values).on_conflict_do_nothing()
    else:
        statement = sqlite_insert(OfflineScan).values(**values).on_conflict_do_nothing()
    # RETURNING, not rowcount: an ORM-enabled insert on PostgreSQL reports no rowcount.
    inserted = db.session.execute(statement.returning(OfflineScan.id)).scalar_one_or_none()
    return db.session.get(OfflineScan, inserted) if inserted is not None else None


def _answer_again(row: OfflineScan, by: Account) -> Answer:
    if row.scanned_by_id != by.id:
        return Answer(
            row.device_scan_id, OfflineOutcome.REFUSED, _("这条扫码记录已由其他设备上传。")
        )
    return Answer(row.device_scan_id, row.outcome, row.message)


def _receive(
    scan: QueuedScan,
    *,
    activity: Activity,
    offset: timedelta,
    by: Account,
    device: str | None,
    now: datetime,
) -> Answer:
    """Apply one scan, or answer what it did when it came before; store its outcome once.

    The scan's row is written first: it claims the device's id, so the same scan sent again at
    the same moment (the page and its worker, a retry) waits for this one and then reads it.
    """
    earlier = db.session.scalar(_stored(scan.device_scan_id))
    row = None
    if earlier is None:
        row = _claim(
            scan,
            activity_id=activity.id,
            scanned_by_id=by.id,
            clock_offset_seconds=round(offset.total_seconds()),
            received_at=now,
        )
    if row is None:
        # Received before, or just now by a request that sent the same scan at the same time.
        return _answer_again(earlier or db.session.scalars(_stored(scan.device_scan_id)).one(), by)
    waited = scan.offline or now - (scan.scanned_at + offset) > WAITED
    try:
        code, in_window = code_valid_at(scan.token, scan.scanned_at)
        row.account_id = code.account_id
        # A refusal rolls back what this scan changed, and only that.
        with db.session.begin_nested():
            outcome, message = _apply(
                scan, row, code.account, activity, doubt(offset, in_window), by, device, waited
            )
    except NotSignedIn as refusal:
        outcome, message = OfflineOutcome.HELD, refusal.message
    except ScanRefused as refusal:
        outcome, message = OfflineOutcome.REFUSED, refusal.message
    row.outcome, row.message = outcome, message[:300]
    db.session.flush()
    return Answer(scan.device_scan_id, outcome, row.message)


def _apply(
    scan: QueuedScan,
    row: OfflineScan,
    account: Account,
    activity: Activity,
    reason: str | None,
    by: Account,
    device: str | None,
    waited: bool,
) -> tuple[OfflineOutcome, str]:
    """Sign the person in or out at the scan's time, for review when `reason` doubts it; raise
    ScanRefused when nothing is recorded."""
    name = person_name(account)
    if scan.action == ScanAction.SIGN_IN:
        record, message = sign_in(account, activity, name, scan, by, device)
    else:
        record, message = sign_out(account, activity, name, scan, by, reason is not None)
    if record is None:
        return OfflineOutcome.ACCEPTED, message
    row.record_id = record.id
    record.made_offline = record.made_offline or waited
    outcome = OfflineOutcome.ACCEPTED
    if reason is not None:
        outcome, message = OfflineOutcome.REVIEW, f"{message}{reason}"
        if record.status == RecordStatus.OPEN:
            # Its sign-out sends it to review (records.services.sessions.record_sign_out).
            record.review_reason = ReviewReason.OFFLINE_CLOCK
    db.session.flush()
    if record.status == RecordStatus.OPEN:
        message += _release_held_sign_out(account, activity, record, name)
    return outcome, message


def _release_held_sign_out(
    account: Account, activity: Activity, record: ServiceRecord, name: str
) -> str:
    """Apply the earliest held sign-out after this sign-in (it came first from another device)."""
    held = db.session.scalar(
        select(OfflineScan)
        .where(
            OfflineScan.account_id == account.id,
            OfflineScan.activity_id == activity.id,
            OfflineScan.outcome == OfflineOutcome.HELD,
            OfflineScan.scanned_at > record.signed_in_at,
        )
        .order_by(OfflineScan.scanned_at)
        .limit(1)
    )
    if held is None:
        return ""
    doubted = abs(held.clock_offset_seconds) > CLOCK_TOLERANCE.total_seconds()
    scan = QueuedScan(held.device_scan_id, "", ScanAction.SIGN_OUT, held.scanned_at)
    holder = db.session.get(Account, held.scanned_by_id) or account
    try:
        with db.session.begin_nested():
            closed, held.message = sign_out(account, activity, name, scan, holder, doubted)
    except ScanRefused as refusal:
        held.outcome, held.message = OfflineOutcome.REFUSED, refusal.message[:300]
        return ""
    held.outcome = OfflineOutcome.REVIEW if doubted else OfflineOutcome.ACCEPTED
    held.record_id = closed.id if closed is not None else None
    return _("先到的%(time)s签退已一并记录。", time=hhmm(held.scanned_at))
