"""The coordinator's scanner service: a scan toggles a session, and refused codes record nothing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from scanner_world import (  # noqa: F401 - the fixtures are used by name
    at,
    records,
    scan,
    world_fixture,
)
from sqlalchemy import select

from volunteer.checkin import tokens
from volunteer.records.models import RecordSource, RecordStatus
from volunteer.registration.models import Registration, RegistrationStatus
from volunteer.scanner.services import codes, scans
from volunteer.scanner.services.scans import Outcome, ScanRefused

# --- The toggle --------------------------------------------------------------------------------


def test_first_scan_signs_the_volunteer_in_as_the_coordinators_scan(db, world):
    result = scan(world, at(9, 2))
    db.session.commit()

    assert result.outcome == Outcome.SIGNED_IN
    assert result.name == "王小明"
    assert "签到成功" in result.message and "09:02" in result.message
    (record,) = records(db)
    assert record.source == RecordSource.COORDINATOR_SCAN
    assert record.recorded_by_id == world["coordinator"].id
    assert record.status == RecordStatus.OPEN


@pytest.mark.parametrize("seconds_later", [1, 30, 59])
def test_second_scan_in_the_same_minute_is_one_event(db, world, seconds_later):
    scan(world, at(9, 2))
    db.session.commit()

    result = scan(world, at(9, 2) + timedelta(seconds=seconds_later))

    assert result.outcome == Outcome.ALREADY
    assert "已于09:02签到" in result.message
    (record,) = records(db)
    assert record.status == RecordStatus.OPEN


def test_scan_a_minute_or_more_later_signs_out_with_the_hours(db, world):
    scan(world, at(9, 0))
    db.session.commit()

    result = scan(world, at(11, 30))
    db.session.commit()

    assert result.outcome == Outcome.SIGNED_OUT
    assert "签退成功" in result.message and "2.5" in result.message
    (record,) = records(db)
    assert record.status == RecordStatus.APPROVED
    assert record.hours == Decimal("2.5")
    assert record.signed_out_by_id == world["coordinator"].id


def test_scan_just_after_signing_out_is_the_same_event_not_a_new_sign_in(db, world):
    scan(world, at(9, 0))
    scan(world, at(11, 30))
    db.session.commit()

    again = scan(world, at(11, 30, 40))
    assert again.outcome == Outcome.ALREADY
    assert "已于11:30签退" in again.message
    assert len(records(db)) == 1

    later = scan(world, at(11, 32))
    assert later.outcome == Outcome.SIGNED_IN
    assert len(records(db)) == 2


def test_scan_of_someone_signed_in_at_another_activity_is_refused(db, world, make_activity):
    other = make_activity(world["org"]["b"], "无偿献血", starts_at=at(9), hours=3)
    scans.toggle_attendance(
        account=world["volunteer"],
        activity=other,
        by=world["coordinator"],
        source=RecordSource.COORDINATOR_SCAN,
        now=at(9, 0),
    )
    db.session.commit()

    with pytest.raises(ScanRefused) as refused:
        scan(world, at(9, 30))

    assert "无偿献血" in refused.value.message and "王小明" in refused.value.message
    assert refused.value.name == "王小明"
    assert [r.activity_id for r in records(db)] == [other.id]


def test_scan_outside_the_sign_in_window_is_refused_with_the_rule(db, world):
    with pytest.raises(ScanRefused) as refused:
        scan(world, at(7, 0))
    assert refused.value.message.startswith("王小明")
    assert records(db) == []


# --- Refused codes record nothing ----------------------------------------------------------------


def _tamper(token: str) -> str:
    """Change one signature character that always carries bits.

    The last base64 character of a signature may hold only padding bits, so
    changing it can leave the decoded bytes, and the signature, unchanged.
    """
    changed = token[-2]
    return token[:-2] + ("A" if changed != "A" else "B") + token[-1]


def test_a_personal_code_expires_after_the_accept_window(db, world, app):
    shown = at(9, 0)
    token = codes.phone_token(world["code"], shown)
    accept = app.config["QR_ACCEPT_SECONDS"]

    with pytest.raises(ScanRefused) as refused:
        scan(world, shown + timedelta(seconds=accept + 31), token)
    assert "过期" in refused.value.message
    assert records(db) == []
    assert scan(world, shown + timedelta(seconds=accept - 5), token).outcome == Outcome.SIGNED_IN


def test_phone_code_rotates_with_the_window(world, app):
    rotate = app.config["QR_ROTATE_SECONDS"]
    first = codes.phone_token(world["code"], at(9, 0))
    assert codes.phone_token(world["code"], at(9, 0) + timedelta(seconds=rotate - 1)) == first
    assert codes.phone_token(world["code"], at(9, 0) + timedelta(seconds=rotate)) != first


@pytest.mark.parametrize(
    ("make_token", "words"),
    [
        (lambda world, app: _tamper(codes.phone_token(world["code"], at(9))), "无法识别"),
        (lambda world, app: "hello world", "无法识别"),
        (lambda world, app: "", "无法识别"),
        (
            lambda world, app: tokens.activity_token(
                app.config["SECRET_KEY"], world["activity"].token_key, at(9), 30
            ),
            "不是志愿者个人码",
        ),
        (
            lambda world, app: tokens.personal_token(
                "another-secret", world["code"].key, at(9), 30
            ),
            "无法识别",
        ),
        (
            lambda world, app: tokens.personal_token(
                app.config["SECRET_KEY"], "no-such-key", at(9), 30
            ),
            "无法识别",
        ),
        # A phone key inside a badge token is not a badge.
        (lambda world, app: codes.badge_token(world["code"].key), "无法识别"),
    ],
    ids=["tampered", "not-a-token", "empty", "activity-code", "other-secret", "unknown", "kind"],
)
def test_refused_codes_record_nothing(db, world, app, make_token, words):
    with pytest.raises(ScanRefused) as refused:
        scan(world, at(9, 1), make_token(world, app))
    assert words in refused.value.message
    assert records(db) == []


def test_a_revoked_badge_is_refused_with_a_clear_message(db, world):
    (badge,) = codes.issue_badges(accounts=[world["volunteer"]], by=world["coordinator"])
    db.session.commit()
    token = codes.badge_token(badge.key)
    codes.revoke_badge(badge, by=world["coordinator"], reason="丢失")
    db.session.commit()

    with pytest.raises(ScanRefused) as refused:
        scan(world, at(9, 1), token)
    assert "胸卡" in refused.value.message and "作废" in refused.value.message
    assert refused.value.name == "王小明"
    assert records(db) == []


def test_a_live_badge_signs_in_like_a_phone_code(db, world):
    (badge,) = codes.issue_badges(accounts=[world["volunteer"]], by=world["coordinator"])
    db.session.commit()
    result = scan(world, at(9, 1), codes.badge_token(badge.key))
    assert result.outcome == Outcome.SIGNED_IN


def test_a_code_of_someone_whose_registration_is_not_active_is_refused(db, world):
    registration = db.session.scalar(
        select(Registration).where(Registration.account_id == world["volunteer"].id)
    )
    registration.status = RegistrationStatus.PENDING
    db.session.commit()
    with pytest.raises(ScanRefused) as refused:
        scan(world, at(9, 1))
    assert "不是已注册的志愿者" in refused.value.message
    assert records(db) == []
