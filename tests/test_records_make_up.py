"""Make-up entries and imported sessions through the records services (docs/rules.md §3.6)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from records_world import (
    actions,
    audit_of,
    records,
    session,
    sign_in,
    t,
    world_fixture,  # noqa: F401
)
from sqlalchemy import select

from volunteer.activities.models import ActivityStatus
from volunteer.errors import DomainError
from volunteer.records.models import (
    RecordAttachment,
    RecordSource,
    RecordStatus,
)
from volunteer.records.services import entries, review

# --- Make-up entries ---------------------------------------------------------------------------


def make_up(world, begin, end, reason="扫码设备故障", note="现场签到表照片", **extra):
    return entries.enter_make_up(
        account=world["volunteer"],
        activity=world["activity"],
        begin=begin,
        end=end,
        reason=reason,
        evidence_note=note,
        by=world["coordinator"],
        **extra,
    )


def test_make_up_waits_for_a_manager(db, world):
    record = make_up(world, t(9), t(11, 16))
    db.session.commit()
    assert record.source == RecordSource.MAKE_UP
    assert record.is_make_up
    assert record.status == RecordStatus.NEEDS_REVIEW
    assert (record.review_level, record.review_reason) == ("manager", "make_up")
    assert record.hours == Decimal("2.5")
    assert record.note == "扫码设备故障\n现场签到表照片"
    assert record.recorded_by_id == world["coordinator"].id
    [entry] = audit_of(db, record)
    assert (entry.action, entry.before, entry.reason) == ("record.make_up", None, "扫码设备故障")
    assert not review.can_review(world["coordinator"], record)
    review.approve_records([record], by=world["manager"])
    db.session.commit()
    assert record.status == RecordStatus.APPROVED


@pytest.mark.parametrize(
    ("reason", "note", "refusal"),
    [
        pytest.param("", "签到表", "请填写补录原因。", id="no reason"),
        pytest.param("设备故障", " ", "补录需要证明材料：请填写说明或上传附件。", id="no evidence"),
    ],
)
def test_make_up_needs_reason_and_evidence(db, world, reason, note, refusal):
    with pytest.raises(DomainError) as refused:
        make_up(world, t(9), t(10), reason=reason, note=note)
    assert refused.value.message == refusal


def test_make_up_evidence_may_be_an_attachment(db, world):
    record = make_up(world, t(9), t(10), note="", attachment=("签到表.jpg", "image/jpeg", b"jpeg"))
    db.session.commit()
    [attachment] = db.session.scalars(select(RecordAttachment)).all()
    assert attachment.record_id == record.id
    assert (attachment.filename, attachment.size) == ("签到表.jpg", 4)


@pytest.mark.app_config(MAX_ATTACHMENT_BYTES=3)
def test_make_up_refuses_a_large_attachment(db, world):
    with pytest.raises(DomainError) as refused:
        make_up(world, t(9), t(10), attachment=("签到表.jpg", "image/jpeg", b"jpeg"))
    assert refused.value.message == "附件过大，请压缩后再上传。"


@pytest.mark.parametrize(
    ("begin", "end", "minutes", "hours"),
    [
        pytest.param(t(8, 59), t(10), 60, "1", id="before the start"),
        pytest.param(t(11), t(12, 1), 60, "1", id="after the end"),
        pytest.param(t(8), t(13), 180, "3", id="longer than the activity: its length"),
    ],
)
def test_make_up_is_clipped_to_the_activity_like_a_scan(db, world, begin, end, minutes, hours):
    record = make_up(world, begin, end)
    assert (record.signed_in_at, record.signed_out_at) == (begin, end)
    assert (record.credited_minutes, record.hours) == (minutes, Decimal(hours))


@pytest.mark.parametrize(
    ("begin", "end"),
    [
        pytest.param(t(7), t(9), id="wholly before the start"),
        pytest.param(t(12), t(13), id="wholly after the end"),
    ],
)
def test_make_up_must_share_time_with_the_activity(db, world, begin, end):
    with pytest.raises(DomainError) as refused:
        make_up(world, begin, end)
    assert refused.value.message == "服务时间不在活动时间内（2026-03-05 09:00–2026-03-05 12:00）"


def test_make_up_is_capped_at_the_activitys_length(db, world):
    record = make_up(world, t(9), t(12))
    assert record.hours == Decimal("3")


def test_make_up_may_not_overlap_another_session(db, world, make_activity):
    other = make_activity(world["org"]["b"], "健康宣教", starts_at=t(9), hours=3)
    session(world, t(10), t(11), activity=other)
    with pytest.raises(DomainError) as refused:
        make_up(world, t(9), t(10, 30))
    assert refused.value.message == "与该志愿者10:00至11:00的另一条服务记录时间重叠。"
    db.session.rollback()
    # Touching ends are fine.
    assert make_up(world, t(9), t(10)).hours == Decimal("1")


def test_make_up_may_not_overlap_an_open_session(db, world, make_activity):
    other = make_activity(world["org"]["b"], "健康宣教", starts_at=t(9), hours=3)
    sign_in(world, t(10), activity=other)
    with pytest.raises(DomainError):
        make_up(world, t(10, 30), t(11))


def test_make_up_counts_toward_the_sessions_of_the_day(db, world):
    session(world, t(9), t(9, 30))
    session(world, t(10), t(10, 30))
    make_up(world, t(11), t(11, 30))
    with pytest.raises(DomainError) as refused:
        make_up(world, t(11, 30), t(11, 45))
    assert refused.value.message == "同一活动每天最多签到3次。"


def test_make_up_for_a_cancelled_activity_is_refused(db, world):
    world["activity"].status = ActivityStatus.CANCELLED
    with pytest.raises(DomainError) as refused:
        make_up(world, t(9), t(10))
    assert refused.value.message == "该活动已取消。"


# --- Imports -----------------------------------------------------------------------------------


def test_import_session_is_idempotent(db, world):
    first = entries.import_session(
        account=world["volunteer"],
        activity=world["activity"],
        begin=t(9),
        end=t(11, 16),
        import_key="k" * 64,
        by=world["manager"],
        note="纸质签到表",
    )
    db.session.commit()
    assert first.source == RecordSource.IMPORT
    assert first.status == RecordStatus.APPROVED
    assert first.hours == Decimal("2.5")
    assert actions(db, first) == ["record.import"]
    again = entries.import_session(
        account=world["volunteer"],
        activity=world["activity"],
        begin=t(9),
        end=t(11, 16),
        import_key="k" * 64,
        by=world["manager"],
    )
    assert again is None
    assert len(records(db)) == 1


def test_import_session_applies_the_rules(db, world):
    with pytest.raises(DomainError):
        entries.import_session(
            account=world["volunteer"],
            activity=world["activity"],
            begin=t(7),
            end=t(8, 30),
            import_key="a" * 64,
            by=None,
        )
    session(world, t(9), t(10))
    with pytest.raises(DomainError):
        entries.import_session(
            account=world["volunteer"],
            activity=world["activity"],
            begin=t(9, 30),
            end=t(11),
            import_key="b" * 64,
            by=None,
        )


def test_import_session_meets_the_daily_cap(db, world, make_activity):
    morning = make_activity(world["org"]["a"], "早班导诊", starts_at=t(0), hours=8)
    session(world, t(0), t(8), activity=morning)
    record = entries.import_session(
        account=world["volunteer"],
        activity=world["activity"],
        begin=t(9),
        end=t(10),
        import_key="c" * 64,
        by=None,
    )
    assert (record.status, record.review_level) == (RecordStatus.NEEDS_REVIEW, "manager")
