"""Signing out through the records services (docs/rules.md §3): rounded, clipped hours and
refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from records_world import (
    audit_of,
    session,
    sign_in,
    sign_out,
    t,
    world_fixture,  # noqa: F401
)

from volunteer.errors import Conflict, DomainError
from volunteer.records.models import (
    RecordStatus,
)

# --- Sign out ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("signed_in", "signed_out", "credited", "hours"),
    [
        pytest.param(t(9), t(11, 15), 135, "2.0", id="2 h 15 → 2.0"),
        pytest.param(t(9), t(11, 16), 136, "2.5", id="2 h 16 → 2.5"),
        pytest.param(t(9), t(11, 46), 166, "3.0", id="2 h 46 → 3.0"),
        pytest.param(t(9), t(9, 15), 15, "0.0", id="15 min → 0"),
        pytest.param(t(9), t(9, 16), 16, "0.5", id="16 min → 0.5"),
        pytest.param(t(9), t(9, 45), 45, "0.5", id="45 min → 0.5"),
        pytest.param(t(9), t(9, 46), 46, "1.0", id="46 min → 1"),
        pytest.param(t(8, 10), t(10), 60, "1.0", id="sign-in before start is clipped"),
        pytest.param(t(11), t(13, 30), 60, "1.0", id="sign-out after end is clipped"),
        pytest.param(t(8, 5), t(14, 0), 180, "3.0", id="both clipped; end + 2 h accepted"),
    ],
)
def test_sign_out_credits_the_rounded_clipped_hours(
    db, world, signed_in, signed_out, credited, hours
):
    record = session(world, signed_in, signed_out)
    assert record.status == RecordStatus.APPROVED
    assert record.signed_out_at == signed_out
    assert record.credited_minutes == credited
    assert record.hours == Decimal(hours)
    assert record.review_level is None
    sign_out_entry = audit_of(db, record)[-1]
    assert sign_out_entry.action == "record.sign_out"
    assert sign_out_entry.before["status"] == "open"
    assert sign_out_entry.before["hours"] in ("0", "0.0")
    assert sign_out_entry.after["status"] == "approved"
    assert Decimal(sign_out_entry.after["hours"]) == Decimal(hours)


def test_sign_out_without_sign_in_is_refused(db, world):
    with pytest.raises(DomainError) as refused:
        sign_out(world, t(10))
    assert refused.value.message == "您还没有在本活动签到。"


def test_repeated_sign_out_says_when(db, world):
    session(world, t(9), t(11, 16))
    with pytest.raises(Conflict) as refused:
        sign_out(world, t(11, 20))
    assert refused.value.message == "您已于11:16签退。"


def test_sign_out_of_another_activity_is_refused(db, world, make_activity):
    other = make_activity(world["org"]["b"], "健康宣教", starts_at=t(9), hours=3)
    sign_in(world, t(9, 5))
    with pytest.raises(DomainError) as refused:
        sign_out(world, t(10), activity=other)
    assert refused.value.message == "您还没有在本活动签到。"


def test_sign_out_before_the_sign_in_is_refused_with_a_message(db, world):
    sign_in(world, t(10))
    with pytest.raises(DomainError) as refused:
        sign_out(world, t(9, 59))
    assert refused.value.message == "签退时间不能早于签到时间。"


def test_coordinator_sign_out_is_recorded_as_theirs(db, world):
    sign_in(world, t(9))
    record = sign_out(world, t(10), by=world["coordinator"])
    assert record.signed_out_by_id == world["coordinator"].id
