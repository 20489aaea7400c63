"""The daily 8 h / 12 h review through the records services (docs/rules.md §3.4); voiding,
never deleting."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa
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

from volunteer.auth.models import Role
from volunteer.errors import Conflict, DomainError
from volunteer.records.models import (
    RecordStatus,
    ServiceRecord,
)
from volunteer.records.queries import sessions as session_queries
from volunteer.records.services import entries, review

# --- Daily review ------------------------------------------------------------------------------


@pytest.fixture
def long_day(world, make_activity):
    """Three activities back to back on 5 March: 06:00–14:00, 14:00–18:00, 18:00–20:00."""
    unit = world["org"]["a"]
    return [
        make_activity(unit, "早班导诊", starts_at=t(6), hours=8),
        make_activity(unit, "午后宣教", starts_at=t(14), hours=4),
        make_activity(unit, "晚间义诊", starts_at=t(18), hours=2),
    ]


def test_exactly_eight_hours_a_day_is_approved(db, world, long_day):
    record = session(world, t(6), t(14), activity=long_day[0])
    assert record.hours == Decimal("8")
    assert record.status == RecordStatus.APPROVED


def test_earlier_hours_plus_this_session_to_exactly_eight_is_approved(db, world, long_day):
    session(world, t(6), t(11), activity=long_day[0])
    record = session(world, t(14), t(17), activity=long_day[1])
    assert record.status == RecordStatus.APPROVED
    assert session_queries.approved_hours_on_day(world["volunteer"].id, record.service_date) == 8


def test_the_8_and_12_hour_lines(db, world, long_day):
    first = session(world, t(6), t(14), activity=long_day[0])
    assert first.status == RecordStatus.APPROVED

    # 8 + 4 = 12.0: above 8 → a manager reviews the whole session.
    second = session(world, t(14), t(18), activity=long_day[1])
    assert second.status == RecordStatus.NEEDS_REVIEW
    assert second.review_level == "manager"
    assert second.review_reason == "daily_over_8"
    assert second.hours == Decimal("4")
    assert review.approver_role_needed(second) == Role.MANAGER
    review.approve_records([second], by=world["manager"])
    db.session.commit()
    assert second.status == RecordStatus.APPROVED
    assert second.reviewed_by_id == world["manager"].id

    # 12 + 0.5 = 12.5: above 12 → an administrator.
    third = session(world, t(18), t(18, 30), activity=long_day[2])
    assert third.status == RecordStatus.NEEDS_REVIEW
    assert third.review_level == "admin"
    assert third.review_reason == "daily_over_12"
    assert review.approver_role_needed(third) == Role.ADMIN
    with pytest.raises(DomainError) as refused:
        review.approve_records([third], by=world["manager"])
    assert refused.value.message == (
        f"{world['volunteer'].display_name}在2026-03-05的累计时长超过12小时，需要管理员审核。"
    )
    db.session.rollback()
    review.approve_records([third], by=world["admin"], reason="应急保障")
    db.session.commit()
    assert third.status == RecordStatus.APPROVED
    assert actions(db, third) == ["record.sign_in", "record.sign_out", "record.approve"]
    approve = audit_of(db, third)[-1]
    assert approve.before["status"] == "needs_review"
    assert approve.after["status"] == "approved"
    assert approve.reason == "应急保障"


def test_a_single_session_above_eight_hours_waits_for_a_manager(db, world, make_activity):
    long_one = make_activity(world["org"]["a"], "全天义诊", starts_at=t(6), hours=14)
    record = session(world, t(6), t(14, 30), activity=long_one)
    assert record.hours == Decimal("8.5")
    assert (record.status, record.review_level) == (RecordStatus.NEEDS_REVIEW, "manager")


def test_a_single_session_above_twelve_hours_waits_for_an_admin(db, world, make_activity):
    long_one = make_activity(world["org"]["a"], "全天义诊", starts_at=t(6), hours=14)
    record = session(world, t(6), t(18, 30), activity=long_one)
    assert record.hours == Decimal("12.5")
    assert (record.status, record.review_level) == (RecordStatus.NEEDS_REVIEW, "admin")


def test_waiting_hours_are_claimed_but_not_approved(db, world, long_day):
    session(world, t(6), t(14), activity=long_day[0])
    waiting = session(world, t(14), t(18), activity=long_day[1])
    assert waiting.status == RecordStatus.NEEDS_REVIEW
    assert session_queries.approved_hours_on_day(world["volunteer"].id, waiting.service_date) == 8
    assert session_queries.claimed_hours_on_day(world["volunteer"].id, waiting.service_date) == 12


def test_a_manager_of_another_hospital_may_not_approve(db, world, long_day):
    session(world, t(6), t(14), activity=long_day[0])
    waiting = session(world, t(14), t(18), activity=long_day[1])
    assert not review.can_review(world["other_manager"], waiting)
    with pytest.raises(DomainError) as refused:
        review.approve_records([waiting], by=world["other_manager"])
    assert "无权审核" in refused.value.message
    db.session.rollback()
    assert not review.can_review(world["coordinator"], waiting)
    assert review.can_review(world["manager"], waiting)
    assert review.can_review(world["admin"], waiting, Role.ADMIN)


def test_the_volunteers_own_unit_manager_may_review_an_activity_elsewhere(
    db, world, make_activity, make_account
):
    elsewhere = make_activity(world["org"]["b"], "健康宣教", starts_at=t(9), hours=3)
    record = entries.enter_make_up(
        account=world["volunteer"],
        activity=elsewhere,
        begin=t(9),
        end=t(10),
        reason="扫码失败",
        evidence_note="签到表照片",
        by=make_account("coord-b", Role.COORDINATOR, world["org"]["b"]),
    )
    assert review.can_review(world["manager"], record)
    assert review.can_review(world["other_manager"], record)


def test_only_waiting_records_are_approved_or_rejected(db, world):
    record = session(world, t(9), t(10))
    with pytest.raises(DomainError) as refused:
        review.approve_records([record], by=world["manager"])
    assert refused.value.message == "只能审核待审核的记录。"
    with pytest.raises(DomainError):
        review.reject_records([record], by=world["manager"], reason="不实")


def test_reject_needs_a_reason_and_keeps_it(db, world, long_day):
    session(world, t(6), t(14), activity=long_day[0])
    waiting = session(world, t(14), t(18), activity=long_day[1])
    with pytest.raises(DomainError) as refused:
        review.reject_records([waiting], by=world["manager"], reason="  ")
    assert refused.value.message == "请填写不通过的原因。"
    review.reject_records([waiting], by=world["manager"], reason="当日已排班，时长不实")
    db.session.commit()
    assert waiting.status == RecordStatus.REJECTED
    assert waiting.status_reason == "当日已排班，时长不实"
    entry = audit_of(db, waiting)[-1]
    assert (entry.action, entry.before["status"], entry.after["status"]) == (
        "record.reject",
        "needs_review",
        "rejected",
    )
    assert entry.reason == "当日已排班，时长不实"


# --- Void and delete ---------------------------------------------------------------------------


def test_void_keeps_the_record_and_stops_it_counting(db, world):
    record = session(world, t(9), t(11))
    assert session_queries.approved_hours_on_day(world["volunteer"].id, record.service_date) == 2
    with pytest.raises(DomainError) as refused:
        review.void_record(record, by=world["manager"], reason="")
    assert refused.value.message == "请填写作废原因。"
    review.void_record(record, by=world["manager"], reason="重复登记")
    db.session.commit()
    assert records(db) == [record]
    assert record.status == RecordStatus.VOID
    assert record.status_reason == "重复登记"
    assert session_queries.approved_hours_on_day(world["volunteer"].id, record.service_date) == 0
    entry = audit_of(db, record)[-1]
    assert (entry.action, entry.before["status"], entry.after["status"], entry.reason) == (
        "record.void",
        "approved",
        "void",
        "重复登记",
    )
    with pytest.raises(Conflict) as refused:
        review.void_record(record, by=world["manager"], reason="再次作废")
    assert refused.value.message == "这条记录已作废。"


def test_voiding_an_open_session_lets_the_person_sign_in_again(db, world):
    record = sign_in(world, t(9)).record
    review.void_record(record, by=world["coordinator"], reason="扫错人")
    db.session.commit()
    assert session_queries.open_session_of(world["volunteer"].id) is None
    assert sign_in(world, t(9, 10)).record.id != record.id


def test_the_database_refuses_to_delete_a_record(db, world):
    record = session(world, t(9), t(11))
    with pytest.raises(sa.exc.DBAPIError) as refused:
        db.session.execute(sa.text("DELETE FROM service_record WHERE id = :id"), {"id": record.id})
        db.session.flush()
    assert "voided, never deleted" in str(refused.value)
    db.session.rollback()
    assert db.session.scalar(select(sa.func.count()).select_from(ServiceRecord)) == 1


def test_the_orm_cannot_delete_a_record_either(db, world):
    record = session(world, t(9), t(11))
    db.session.delete(record)
    with pytest.raises(sa.exc.DBAPIError):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(ServiceRecord, record.id) is not None
