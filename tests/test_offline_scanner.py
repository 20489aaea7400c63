"""The offline queue's server side: each device scan is received once and applied in the device's
order; a sign-out that comes before its sign-in waits for it."""

from __future__ import annotations

import uuid

from offline_scanner_world import queued, receive, stored, token_at
from scanner_world import (  # noqa: F401 - the fixtures are used by name
    at,
    live_fixture,
    records,
    world_fixture,
)
from sqlalchemy import select

from volunteer.auth.models import Role
from volunteer.records.models import RecordStatus
from volunteer.scanner.models import OfflineOutcome, OfflineScan, ScanAction
from volunteer.scanner.services import codes, offline
from volunteer.scanner.services.queue_payload import QueuedScan

# --- Exactly once -------------------------------------------------------------------------------


def test_a_scan_made_offline_signs_in_at_its_device_time_and_is_marked(db, world):
    scan = queued(token_at(world, at(9, 5)), ScanAction.SIGN_IN, at(9, 5))

    (answer,) = receive(world, [scan], now=at(9, 40))
    db.session.commit()

    assert answer.outcome == OfflineOutcome.ACCEPTED
    assert "王小明 签到成功（09:05）" in answer.message
    (record,) = records(db)
    assert record.signed_in_at == at(9, 5)
    assert record.made_offline
    assert record.recorded_by_id == world["coordinator"].id
    row = db.session.scalar(select(OfflineScan))
    assert (row.record_id, row.account_id) == (record.id, world["volunteer"].id)


def test_a_scan_sent_at_once_is_not_marked_offline(db, world):
    scan = queued(token_at(world, at(9, 5)), ScanAction.SIGN_IN, at(9, 5))

    receive(world, [scan], now=at(9, 5, 2))
    db.session.commit()

    (record,) = records(db)
    assert not record.made_offline


def test_a_scan_the_device_kept_offline_is_marked_however_soon_it_arrives(db, world):
    token = token_at(world, at(9, 5))
    scan = QueuedScan(str(uuid.uuid4()), token, ScanAction.SIGN_IN, at(9, 5), offline=True)

    receive(world, [scan], now=at(9, 5, 10))
    db.session.commit()

    (record,) = records(db)
    assert record.made_offline


def test_a_personal_code_link_is_read_like_its_token(db, world):
    link = codes.code_link(token_at(world, at(9, 5)))
    scan = queued(link, ScanAction.SIGN_IN, at(9, 5))

    (answer,) = receive(world, [scan], now=at(9, 30))

    assert answer.outcome == OfflineOutcome.ACCEPTED
    assert len(records(db)) == 1


def test_the_same_queue_sent_again_adds_nothing_and_answers_the_same(db, world):
    scans = [
        queued(token_at(world, at(9, 5)), ScanAction.SIGN_IN, at(9, 5)),
        queued(token_at(world, at(11, 0)), ScanAction.SIGN_OUT, at(11, 0)),
    ]
    first = receive(world, scans, now=at(11, 30))
    db.session.commit()

    again = receive(world, scans, now=at(11, 45))
    db.session.commit()

    assert again == first
    (record,) = records(db)
    assert record.status == RecordStatus.APPROVED
    assert record.signed_out_at == at(11, 0)
    assert stored(db) == 2


def test_a_scan_id_twice_in_one_queue_counts_once(db, world):
    scan = queued(token_at(world, at(9, 5)), ScanAction.SIGN_IN, at(9, 5))

    answers = receive(world, [scan, scan], now=at(9, 30))
    db.session.commit()

    assert answers[0] == answers[1]
    assert len(records(db)) == 1
    assert stored(db) == 1


def test_another_coordinators_scan_id_is_not_answered_with_its_outcome(db, world, make_account):
    scan = queued(token_at(world, at(9, 5)), ScanAction.SIGN_IN, at(9, 5))
    receive(world, [scan], now=at(9, 30))
    db.session.commit()
    other = make_account("coord-a2", Role.COORDINATOR, world["org"]["a"])

    (answer,) = offline.receive_queue(
        activity=world["activity"], scans=[scan], device_now=at(9, 31), by=other, now=at(9, 31)
    )

    assert answer.outcome == OfflineOutcome.REFUSED
    assert "王小明" not in answer.message


# --- Order ----------------------------------------------------------------------------------------


def test_a_sign_out_queued_before_its_sign_in_is_applied_after_it(db, world):
    sign_out = queued(token_at(world, at(11, 30)), ScanAction.SIGN_OUT, at(11, 30))
    sign_in = queued(token_at(world, at(9, 0)), ScanAction.SIGN_IN, at(9, 0))

    answers = receive(world, [sign_out, sign_in], now=at(11, 40))
    db.session.commit()

    assert [a.device_scan_id for a in answers] == [sign_out.device_scan_id, sign_in.device_scan_id]
    assert [a.outcome for a in answers] == [OfflineOutcome.ACCEPTED] * 2
    assert "签退成功（11:30），本次2.5小时" in answers[0].message
    (record,) = records(db)
    assert (record.signed_in_at, record.signed_out_at) == (at(9, 0), at(11, 30))
    assert record.status == RecordStatus.APPROVED


def test_a_sign_out_arriving_before_its_sign_in_is_held_then_applied(db, world, make_account):
    # Two coordinators' phones: the one that signed the volunteer out reaches the network first.
    sign_out = queued(token_at(world, at(11, 30)), ScanAction.SIGN_OUT, at(11, 30))

    (held,) = receive(world, [sign_out], now=at(11, 40))
    db.session.commit()

    assert held.outcome == OfflineOutcome.HELD
    assert "王小明 在本活动还没有签到记录：这次签退已保留" in held.message
    assert records(db) == []
    other = make_account("coord-a2", Role.COORDINATOR, world["org"]["a"])
    sign_in = queued(token_at(world, at(9, 0)), ScanAction.SIGN_IN, at(9, 0))
    (answer,) = offline.receive_queue(
        activity=world["activity"], scans=[sign_in], device_now=at(12, 0), by=other, now=at(12, 0)
    )
    db.session.commit()

    assert answer.outcome == OfflineOutcome.ACCEPTED
    assert "先到的11:30签退已一并记录" in answer.message
    (record,) = records(db)
    assert (record.signed_in_at, record.signed_out_at) == (at(9, 0), at(11, 30))
    assert record.status == RecordStatus.APPROVED
    assert record.signed_out_by_id == world["coordinator"].id
    (again,) = receive(world, [sign_out], now=at(12, 5))
    assert again.outcome == OfflineOutcome.ACCEPTED
    assert "签退成功（11:30）" in again.message


def test_a_sign_out_before_the_sign_in_on_the_device_leaves_the_person_signed_in(db, world):
    # The coordinator scanned with the wrong choice first: the later sign-in is what stands.
    scans = [
        queued(token_at(world, at(9, 0)), ScanAction.SIGN_OUT, at(9, 0)),
        queued(token_at(world, at(9, 1)), ScanAction.SIGN_IN, at(9, 1)),
    ]

    answers = receive(world, scans, now=at(9, 30))
    db.session.commit()

    assert [a.outcome for a in answers] == [OfflineOutcome.HELD, OfflineOutcome.ACCEPTED]
    (record,) = records(db)
    assert record.status == RecordStatus.OPEN
    assert record.signed_in_at == at(9, 1)


def test_a_repeated_sign_in_is_answered_already_and_never_a_sign_out(db, world):
    scans = [
        queued(token_at(world, at(9, 0)), ScanAction.SIGN_IN, at(9, 0)),
        queued(token_at(world, at(10, 0)), ScanAction.SIGN_IN, at(10, 0)),
    ]

    answers = receive(world, scans, now=at(10, 5))
    db.session.commit()

    assert "已于09:00签到" in answers[1].message
    (record,) = records(db)
    assert record.status == RecordStatus.OPEN
