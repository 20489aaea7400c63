"""Correction requests through the records services (docs/rules.md §3.7): asking, accepting,
rejecting."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from records_world import (
    actions,
    audit_of,
    session,
    t,
    world_fixture,  # noqa: F401
)
from sqlalchemy import select

from volunteer.errors import Conflict, DomainError
from volunteer.records.models import (
    Correction,
    CorrectionStatus,
    RecordSource,
    RecordStatus,
)
from volunteer.records.services import corrections

# --- Corrections -------------------------------------------------------------------------------


def test_correction_of_a_record(db, world):
    record = session(world, t(9), t(10))
    with pytest.raises(DomainError) as refused:
        corrections.request_correction(account=world["volunteer"], message=" ", record=record)
    assert refused.value.message == "请说明需要更正的内容。"
    correction = corrections.request_correction(
        account=world["volunteer"],
        message="我11:16才离开",
        record=record,
        begin=t(9),
        end=t(11, 16),
    )
    db.session.commit()
    assert correction.status == CorrectionStatus.PENDING
    assert actions(db, correction, "correction") == ["correction.request"]

    with pytest.raises(Conflict) as refused:
        corrections.request_correction(
            account=world["volunteer"], message="再报一次", record=record
        )
    assert refused.value.message == "这条记录已有一份待处理的更正申请。"
    db.session.rollback()

    corrected = corrections.accept_correction(correction, by=world["manager"], reason="核对签到表")
    db.session.commit()
    assert corrected.id == record.id
    assert record.signed_out_at == t(11, 16)
    assert record.hours == Decimal("2.5")
    assert record.credited_minutes == 136
    assert record.status == RecordStatus.APPROVED
    assert correction.status == CorrectionStatus.ACCEPTED
    assert correction.resolved_by_id == world["manager"].id
    entry = audit_of(db, record)[-1]
    assert entry.action == "record.correct"
    assert (entry.before["hours"], entry.after["hours"]) == ("1.0", "2.5")
    assert datetime.fromisoformat(entry.before["signed_out_at"]) == t(10)
    assert datetime.fromisoformat(entry.after["signed_out_at"]) == t(11, 16)
    assert entry.reason == "核对签到表"
    assert actions(db, correction, "correction") == ["correction.request", "correction.accepted"]

    with pytest.raises(Conflict) as refused:
        corrections.accept_correction(correction, by=world["manager"])
    assert refused.value.message == "这份更正申请已处理。"


def test_correction_only_of_ones_own_record(db, world, make_volunteer):
    record = session(world, t(9), t(10))
    someone_else = make_volunteer(world["org"]["a1"], "赵六")
    with pytest.raises(DomainError) as refused:
        corrections.request_correction(account=someone_else, message="不是我的", record=record)
    assert refused.value.message == "只能对自己的记录申请更正。"


def test_correction_of_an_omission_creates_the_record(db, world):
    with pytest.raises(DomainError) as refused:
        corrections.request_correction(account=world["volunteer"], message="漏记了")
    assert refused.value.message == "请选择遗漏记录所属的活动。"
    correction = corrections.request_correction(
        account=world["volunteer"],
        message="当天扫码失败",
        activity=world["activity"],
        begin=t(9),
        end=t(11),
    )
    db.session.commit()
    record = corrections.accept_correction(correction, by=world["manager"])
    db.session.commit()
    assert record.account_id == world["volunteer"].id
    assert record.source == RecordSource.MAKE_UP
    assert record.status == RecordStatus.APPROVED
    assert record.hours == Decimal("2")
    assert correction.record_id == record.id
    [entry] = audit_of(db, record)
    assert (entry.action, entry.before) == ("record.correct", None)


def test_correction_without_times_cannot_be_accepted(db, world):
    record = session(world, t(9), t(10))
    correction = corrections.request_correction(
        account=world["volunteer"], message="活动名称不对", record=record
    )
    with pytest.raises(DomainError) as refused:
        corrections.accept_correction(correction, by=world["manager"])
    assert "没有完整的开始和结束时间" in refused.value.message


def test_rejecting_a_correction_needs_a_reason(db, world):
    record = session(world, t(9), t(10))
    correction = corrections.request_correction(
        account=world["volunteer"], message="时长不对", record=record, begin=t(9), end=t(12)
    )
    with pytest.raises(DomainError) as refused:
        corrections.reject_correction(correction, by=world["manager"], reason="")
    assert refused.value.message == "请填写驳回原因。"
    corrections.reject_correction(correction, by=world["manager"], reason="签到表显示10点离开")
    db.session.commit()
    assert correction.status == CorrectionStatus.REJECTED
    assert correction.resolution_reason == "签到表显示10点离开"
    assert record.hours == Decimal("1")
    assert actions(db, correction, "correction") == ["correction.request", "correction.rejected"]
    assert db.session.scalar(select(sa.func.count()).select_from(Correction)) == 1


def test_corrected_times_still_meet_the_rules(db, world):
    record = session(world, t(9), t(10))
    correction = corrections.request_correction(
        account=world["volunteer"], message="记错了日子", record=record, begin=t(7), end=t(8, 30)
    )
    with pytest.raises(DomainError) as refused:
        corrections.accept_correction(correction, by=world["manager"])
    assert refused.value.message == "服务时间不在活动时间内（2026-03-05 09:00–2026-03-05 12:00）"


def test_corrected_times_are_clipped_to_the_activity_like_a_scan(db, world):
    record = session(world, t(9), t(10))
    correction = corrections.request_correction(
        account=world["volunteer"], message="更早开始", record=record, begin=t(8), end=t(10)
    )
    corrections.accept_correction(correction, by=world["manager"])
    assert (record.signed_in_at, record.signed_out_at) == (t(8), t(10))
    assert (record.credited_minutes, record.hours) == (60, Decimal("1"))
