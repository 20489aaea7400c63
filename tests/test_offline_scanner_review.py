"""The offline queue's times: a code is checked at the claimed time; a device clock more than
five minutes off, or a code shown at another time, sends the session to review; a forged or
revoked code records nothing."""

from __future__ import annotations

from datetime import timedelta

from offline_scanner_world import queued, receive, stored, token_at
from scanner_world import (  # noqa: F401 - the fixtures are used by name
    at,
    live_fixture,
    records,
    world_fixture,
)

from volunteer.auth.models import Role
from volunteer.records.models import RecordStatus
from volunteer.records.rules import ReviewLevel, ReviewReason
from volunteer.scanner.models import OfflineOutcome, ScanAction
from volunteer.scanner.services import codes

# --- Time in doubt: review ------------------------------------------------------------------------


def test_a_device_clock_twenty_minutes_off_sends_the_session_to_review(db, world):
    # The device's clock runs 20 minutes fast: its times and its "now" are both 20 minutes ahead.
    skew = timedelta(minutes=20)
    scans = [
        queued(token_at(world, at(9, 0)), ScanAction.SIGN_IN, at(9, 0) + skew),
        queued(token_at(world, at(11, 0)), ScanAction.SIGN_OUT, at(11, 0) + skew),
    ]

    answers = receive(world, scans, now=at(11, 10), device_now=at(11, 10) + skew)
    db.session.commit()

    assert [a.outcome for a in answers] == [OfflineOutcome.REVIEW] * 2
    assert "设备时钟与服务器相差20分钟" in answers[0].message
    (record,) = records(db)
    assert record.status == RecordStatus.NEEDS_REVIEW
    assert record.review_reason == ReviewReason.OFFLINE_CLOCK
    assert record.review_level == ReviewLevel.MANAGER
    assert record.made_offline


def test_a_manager_approves_the_reviewed_session_like_any_other(db, world, make_account):
    from volunteer.records.services.review import approve_records

    skew = timedelta(minutes=20)
    scans = [
        queued(token_at(world, at(9, 0)), ScanAction.SIGN_IN, at(9, 0) + skew),
        queued(token_at(world, at(11, 0)), ScanAction.SIGN_OUT, at(11, 0) + skew),
    ]
    receive(world, scans, now=at(11, 10), device_now=at(11, 10) + skew)
    manager = make_account("mgr-a", Role.MANAGER, world["org"]["a"])
    (record,) = records(db)

    approve_records([record], by=manager, reason="现场核对，时间无误")
    db.session.commit()

    assert record.status == RecordStatus.APPROVED


def test_a_clock_off_by_less_than_five_minutes_is_trusted(db, world):
    skew = timedelta(minutes=4)
    scan = queued(token_at(world, at(9, 0)), ScanAction.SIGN_IN, at(9, 0))

    (answer,) = receive(world, [scan], now=at(9, 30), device_now=at(9, 30) - skew)

    assert answer.outcome == OfflineOutcome.ACCEPTED


def test_an_offline_sign_in_in_doubt_is_reviewed_when_signed_out_online(db, world):
    scan = queued(token_at(world, at(9, 0)), ScanAction.SIGN_IN, at(9, 0))
    receive(world, [scan], now=at(9, 30), device_now=at(9, 30) - timedelta(minutes=8))
    db.session.commit()

    from scanner_world import scan as online_scan

    online_scan(world, at(11, 0))
    db.session.commit()

    (record,) = records(db)
    assert record.status == RecordStatus.NEEDS_REVIEW
    assert record.review_reason == ReviewReason.OFFLINE_CLOCK


def test_a_code_shown_outside_the_claimed_time_goes_to_review(db, world):
    # The volunteer's phone, offline too, still showed the code of 08:58 at 09:10.
    scan = queued(token_at(world, at(8, 58)), ScanAction.SIGN_IN, at(9, 10))

    (answer,) = receive(world, [scan], now=at(9, 30))
    db.session.commit()

    assert answer.outcome == OfflineOutcome.REVIEW
    assert "不在该个人码的有效期内" in answer.message
    (record,) = records(db)
    assert record.signed_in_at == at(9, 10)
    assert record.review_reason == ReviewReason.OFFLINE_CLOCK


def test_a_code_valid_at_the_claimed_time_is_accepted(db, world):
    # Shown at 09:00:00, scanned 80 s later: inside the 90 s the rotating code is accepted for.
    scan = queued(token_at(world, at(9, 0)), ScanAction.SIGN_IN, at(9, 1, 20))

    (answer,) = receive(world, [scan], now=at(9, 30))

    assert answer.outcome == OfflineOutcome.ACCEPTED


def test_a_forged_code_is_refused_and_stored_once(db, world):
    token = token_at(world, at(9, 0))
    scan = queued(token[:-3] + "AAA", ScanAction.SIGN_IN, at(9, 0))

    (answer,) = receive(world, [scan], now=at(9, 30))
    db.session.commit()
    (again,) = receive(world, [scan], now=at(9, 40))

    assert answer.outcome == again.outcome == OfflineOutcome.REFUSED
    assert records(db) == []
    assert stored(db) == 1


def test_a_revoked_badge_is_refused_even_offline(db, world):
    (badge,) = codes.issue_badges(accounts=[world["volunteer"]], by=world["coordinator"])
    codes.revoke_badge(badge, by=world["coordinator"])
    db.session.commit()
    scan = queued(codes.badge_token(badge.key), ScanAction.SIGN_IN, at(9, 0))

    (answer,) = receive(world, [scan], now=at(9, 30))

    assert answer.outcome == OfflineOutcome.REFUSED
    assert "作废" in answer.message
    assert records(db) == []


def test_a_refusal_of_one_scan_keeps_the_others(db, world, make_volunteer):
    second = make_volunteer(world["org"]["a1"], "李雷")
    second_code = codes.phone_code_for(second)
    db.session.commit()
    scans = [
        queued("not-a-code", ScanAction.SIGN_IN, at(9, 0)),
        queued(codes.phone_token(second_code, at(9, 1)), ScanAction.SIGN_IN, at(9, 1)),
    ]

    answers = receive(world, scans, now=at(9, 30))
    db.session.commit()

    assert [a.outcome for a in answers] == [OfflineOutcome.REFUSED, OfflineOutcome.ACCEPTED]
    (record,) = records(db)
    assert record.account_id == second.id
