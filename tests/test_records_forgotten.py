"""Forgotten sign-outs through the records services (docs/rules.md §3.5): the sweep, and
resolving them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from records_world import (
    actions,
    audit_of,
    session,
    sign_in,
    t,
    world_fixture,  # noqa: F401
)

from volunteer.errors import DomainError
from volunteer.records.models import (
    RecordStatus,
)
from volunteer.records.services import forgotten, review, sessions

# --- Forgotten sign-outs -----------------------------------------------------------------------


def test_sign_out_after_the_window_goes_to_review_with_no_hours(db, world):
    record = sign_in(world, t(9)).record
    late = sessions.record_sign_out(
        account=world["volunteer"], activity=world["activity"], at=t(14, 1)
    )
    db.session.commit()
    assert late is record
    assert forgotten.is_forgotten_sign_out(record)
    assert forgotten.close_forgotten_sign_outs(now=t(14, 1)) == 0
    assert record.status == RecordStatus.NEEDS_REVIEW
    assert record.review_reason == "forgotten_sign_out"
    assert record.review_level == "manager"
    assert record.hours == 0
    assert record.signed_out_at is None
    assert actions(db, record) == ["record.sign_in", "record.forgotten_sign_out"]


def test_close_forgotten_sign_outs_waits_for_the_window(db, world):
    record = sign_in(world, t(9)).record
    assert forgotten.close_forgotten_sign_outs(now=t(14, 0)) == 0
    assert forgotten.close_forgotten_sign_outs(now=t(14, 1)) == 1
    db.session.commit()
    assert record.status == RecordStatus.NEEDS_REVIEW
    assert record.hours == 0
    assert forgotten.close_forgotten_sign_outs(now=t(15)) == 0
    entry = audit_of(db, record)[-1]
    assert entry.action == "record.forgotten_sign_out"
    assert entry.before["status"] == "open"
    assert entry.after["review_reason"] == "forgotten_sign_out"


def test_the_next_sign_in_elsewhere_closes_a_forgotten_one_first(db, world, make_activity):
    afternoon = make_activity(world["org"]["a"], "午后宣教", starts_at=t(15), hours=2)
    forgotten = sign_in(world, t(9)).record
    result = sign_in(world, t(14, 30), activity=afternoon)
    assert not result.already
    assert result.record.activity_id == afternoon.id
    db.session.refresh(forgotten)
    assert forgotten.status == RecordStatus.NEEDS_REVIEW
    assert forgotten.review_reason == "forgotten_sign_out"


def test_resolving_a_forgotten_sign_out(db, world):
    record = sign_in(world, t(9)).record
    forgotten.close_forgotten_sign_outs(now=t(15))
    db.session.commit()

    with pytest.raises(DomainError) as refused:
        forgotten.resolve_forgotten_sign_out(
            record, signed_out_at=t(11, 16), reason=" ", by=world["coordinator"]
        )
    assert refused.value.message == "请填写补签退的原因。"
    with pytest.raises(DomainError) as refused:
        forgotten.resolve_forgotten_sign_out(
            record, signed_out_at=t(9), reason="忘记签退", by=world["coordinator"]
        )
    assert refused.value.message == "签退时间必须晚于签到时间。"

    forgotten.resolve_forgotten_sign_out(
        record, signed_out_at=t(11, 16), reason="忘记签退，负责人核实", by=world["coordinator"]
    )
    db.session.commit()
    assert record.status == RecordStatus.APPROVED
    assert record.hours == Decimal("2.5")
    assert record.signed_out_at == t(11, 16)
    assert record.signed_out_by_id == world["coordinator"].id
    assert record.note == "忘记签退，负责人核实"
    entry = audit_of(db, record)[-1]
    assert entry.action == "record.resolve_sign_out"
    assert entry.before["hours"] in ("0", "0.0")
    assert entry.after["hours"] == "2.5"
    assert entry.reason == "忘记签退，负责人核实"

    with pytest.raises(DomainError) as refused:
        forgotten.resolve_forgotten_sign_out(
            record, signed_out_at=t(11), reason="再改", by=world["coordinator"]
        )
    assert refused.value.message == "这条记录不是待补签退的记录。"


def test_a_sign_out_set_after_the_end_is_clipped_to_it_like_a_scan(db, world):
    record = sign_in(world, t(8, 30)).record
    forgotten.close_forgotten_sign_outs(now=t(15))
    forgotten.resolve_forgotten_sign_out(
        record, signed_out_at=t(12, 40), reason="忘记签退，负责人核实", by=world["coordinator"]
    )
    db.session.commit()
    assert (record.signed_in_at, record.signed_out_at) == (t(8, 30), t(12, 40))
    assert (record.credited_minutes, record.hours) == (180, Decimal("3"))
    assert record.status == RecordStatus.APPROVED


def test_a_resolved_forgotten_sign_out_meets_the_daily_cap(db, world, make_activity):
    morning = make_activity(world["org"]["a"], "早班导诊", starts_at=t(0), hours=8)
    session(world, t(0), t(8), activity=morning)
    record = sign_in(world, t(9)).record
    forgotten.close_forgotten_sign_outs(now=t(15))
    forgotten.resolve_forgotten_sign_out(
        record, signed_out_at=t(12), reason="忘记签退", by=world["manager"]
    )
    db.session.commit()
    assert record.status == RecordStatus.NEEDS_REVIEW
    assert record.review_level == "manager"
    assert record.review_reason == "daily_over_8"
    assert record.hours == Decimal("3")


def test_an_unresolved_forgotten_sign_out_cannot_be_approved(db, world):
    record = sign_in(world, t(9)).record
    forgotten.close_forgotten_sign_outs(now=t(15))
    with pytest.raises(DomainError) as refused:
        review.approve_records([record], by=world["manager"])
    assert refused.value.message == (
        f"{world['volunteer'].display_name}的记录尚未补签退，请先设置签退时间。"
    )
