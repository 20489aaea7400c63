"""Every rule of DESIGN §3 through the records services, on the real database, at set times."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from conftest import local_time
from sqlalchemy import select

from volunteer.activities.models import ActivityStatus, Signup, SignupStatus
from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Role
from volunteer.errors import Conflict, DomainError
from volunteer.records import corrections, entries, queries, review, services
from volunteer.records.models import (
    Correction,
    CorrectionStatus,
    RecordAttachment,
    RecordSource,
    RecordStatus,
    ServiceRecord,
)
from volunteer.registration.models import Registration, RegistrationStatus

SELF = RecordSource.SELF_SCAN
# The test app's zone; tables of examples are built before any app context exists.
SHANGHAI = ZoneInfo("Asia/Shanghai")


def t(hour: int, minute: int = 0, day: int = 5) -> datetime:
    """Return a local time on 5 March 2026 (or another day of March)."""
    return datetime(2026, 3, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def world(db, org, make_volunteer, make_activity, make_account):
    """A volunteer of hospital A, its 09:00–12:00 activity, and who may run and review it."""
    return {
        "org": org,
        "volunteer": make_volunteer(org["a1"], "王小明"),
        "activity": make_activity(org["a"], "社区义诊", starts_at=t(9), hours=3),
        "coordinator": make_account("coord-a", Role.COORDINATOR, org["a"]),
        "manager": make_account("mgr-a", Role.MANAGER, org["a"]),
        "other_manager": make_account("mgr-b", Role.MANAGER, org["b"]),
        "admin": make_account("admin", Role.ADMIN, org["root"]),
    }


def sign_in(world, at, activity=None, account=None, source=SELF, by=None):
    result = services.record_sign_in(
        account=account or world["volunteer"],
        activity=activity or world["activity"],
        source=source,
        by=by,
        at=at,
    )
    services.db.session.commit()
    return result


def sign_out(world, at, activity=None, account=None, by=None):
    record = services.record_sign_out(
        account=account or world["volunteer"], activity=activity or world["activity"], by=by, at=at
    )
    services.db.session.commit()
    return record


def session(world, begin, end, activity=None, account=None):
    """Sign in at `begin` and out at `end`; return the closed record."""
    sign_in(world, begin, activity, account)
    return sign_out(world, end, activity, account)


def records(db, account=None):
    query = select(ServiceRecord).order_by(ServiceRecord.id)
    if account is not None:
        query = query.where(ServiceRecord.account_id == account.id)
    return list(db.session.scalars(query))


def audit_of(db, record, subject_type="service_record"):
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.subject_type == subject_type, AuditEntry.subject_id == record.id)
            .order_by(AuditEntry.id)
        )
    )


def actions(db, record, subject_type="service_record"):
    return [entry.action for entry in audit_of(db, record, subject_type)]


# --- Sign in -----------------------------------------------------------------------------------


def test_sign_in_opens_one_audited_session(db, world):
    result = sign_in(world, t(9, 5))
    record = result.record
    assert not result.already
    assert result.message() == "签到成功（09:05）。"
    assert record.status == RecordStatus.OPEN
    assert record.signed_in_at == t(9, 5)
    assert record.service_date.isoformat() == "2026-03-05"
    assert record.source == SELF
    assert record.recorded_by_id == world["volunteer"].id
    [entry] = audit_of(db, record)
    assert entry.action == "record.sign_in"
    assert entry.before is None
    assert entry.after["status"] == "open"
    assert datetime.fromisoformat(entry.after["signed_in_at"]) == t(9, 5)
    assert entry.unit_id == world["org"]["a"].id


@pytest.mark.parametrize(
    ("hour", "minute", "refusal"),
    [
        pytest.param(7, 59, "签到尚未开始：活动开始前60分钟起可以签到。", id="61 min early"),
        pytest.param(12, 0, "活动已结束，不能再签到。", id="at the end"),
        pytest.param(13, 0, "活动已结束，不能再签到。", id="after the end"),
    ],
)
def test_sign_in_outside_the_window_is_refused(db, world, hour, minute, refusal):
    with pytest.raises(DomainError) as refused:
        sign_in(world, t(hour, minute))
    assert refused.value.message == refusal
    db.session.rollback()
    assert records(db) == []


@pytest.mark.parametrize(
    ("hour", "minute"),
    [pytest.param(8, 0, id="60 min early"), pytest.param(11, 59, id="1 min before the end")],
)
def test_sign_in_at_the_window_edges_is_accepted(db, world, hour, minute):
    assert sign_in(world, t(hour, minute)).record.status == RecordStatus.OPEN


def test_repeated_sign_in_is_one_event(db, world):
    first = sign_in(world, t(9, 5))
    again = sign_in(world, t(9, 7))
    assert again.already
    assert again.record.id == first.record.id
    assert "已于09:05签到" in again.message()
    assert again.message() == "您已于09:05签到，无需重复签到。"
    assert len(records(db)) == 1
    assert actions(db, first.record) == ["record.sign_in"]


def test_sign_in_elsewhere_while_signed_in_names_the_open_activity(db, world, make_activity):
    other = make_activity(world["org"]["b"], "健康宣教", starts_at=t(9), hours=3)
    sign_in(world, t(9, 5))
    with pytest.raises(Conflict) as refused:
        sign_in(world, t(9, 30), activity=other)
    assert refused.value.message == "您正在「社区义诊」签到中（09:05签到），请先在该活动签退。"


def test_an_account_without_registration_may_not_sign_in(db, world, make_account):
    stranger = make_account("stranger", Role.VOLUNTEER, world["org"]["a"])
    with pytest.raises(DomainError) as refused:
        sign_in(world, t(9, 5), account=stranger)
    assert refused.value.message == "您还没有注册为志愿者，请先完成注册。"


def test_a_pending_registration_may_not_sign_in(db, world):
    registration = db.session.scalar(
        select(Registration).where(Registration.account_id == world["volunteer"].id)
    )
    registration.status = RegistrationStatus.PENDING
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        sign_in(world, t(9, 5))
    assert refused.value.message == "您的志愿者注册尚待管理员核对，核对通过后才能签到。"


def test_a_cancelled_activity_refuses_sign_in(db, world):
    world["activity"].status = ActivityStatus.CANCELLED
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        sign_in(world, t(9, 5))
    assert refused.value.message == "该活动已取消。"


def test_sign_up_required_refuses_walk_in_self_scans(db, world):
    world["activity"].signup_required = True
    db.session.commit()
    for source in (RecordSource.SELF_SCAN, RecordSource.STATIC_CODE):
        with pytest.raises(DomainError) as refused:
            sign_in(world, t(9, 5), source=source)
        assert refused.value.message == ("本活动需要提前报名，您不在报名名单中，请联系活动负责人。")
        db.session.rollback()


def test_sign_up_required_refuses_the_waiting_list_but_admits_confirmed_sign_ups(db, world):
    world["activity"].signup_required = True
    signup = Signup(
        activity_id=world["activity"].id,
        account_id=world["volunteer"].id,
        status=SignupStatus.WAITLISTED,
    )
    db.session.add(signup)
    db.session.commit()
    with pytest.raises(DomainError):
        sign_in(world, t(9, 5))
    db.session.rollback()
    signup.status = SignupStatus.CONFIRMED
    db.session.commit()
    assert sign_in(world, t(9, 5)).record.status == RecordStatus.OPEN


def test_sign_up_required_lets_the_coordinator_sign_a_walk_in(db, world):
    world["activity"].signup_required = True
    db.session.commit()
    result = sign_in(world, t(9, 5), source=RecordSource.COORDINATOR_SCAN, by=world["coordinator"])
    assert result.record.recorded_by_id == world["coordinator"].id
    assert result.record.source == RecordSource.COORDINATOR_SCAN


def test_at_most_three_sessions_per_activity_per_day(db, world):
    session(world, t(9), t(9, 30))
    session(world, t(10), t(10, 30))
    session(world, t(11), t(11, 30))
    with pytest.raises(DomainError) as refused:
        sign_in(world, t(11, 40))
    assert refused.value.message == "同一活动每天最多签到3次。"


def test_a_voided_session_frees_its_slot_of_the_day(db, world):
    first = session(world, t(9), t(9, 30))
    session(world, t(10), t(10, 30))
    session(world, t(11), t(11, 30))
    review.void_record(first, by=world["manager"], reason="误扫")
    db.session.commit()
    assert sign_in(world, t(11, 40)).record.status == RecordStatus.OPEN


def test_sessions_on_another_day_do_not_count(db, world, make_activity):
    two_days = make_activity(world["org"]["a"], "两日义诊", starts_at=t(9), hours=27)
    session(world, t(9), t(9, 30), activity=two_days)
    session(world, t(10), t(10, 30), activity=two_days)
    session(world, t(11), t(11, 30), activity=two_days)
    # 00:00 local is the next day: a fresh allowance.
    assert sign_in(world, t(0, 0, day=6), activity=two_days).record.service_date.day == 6


def test_sign_in_at_2359_and_0000_fall_on_two_days(db, world, make_activity):
    night = make_activity(world["org"]["a"], "夜间急救", starts_at=t(22), hours=4)
    late = session(world, t(23, 59), t(23, 59), activity=night)
    early = sign_in(world, t(0, 0, day=6), activity=night).record
    assert late.service_date.isoformat() == "2026-03-05"
    assert early.service_date.isoformat() == "2026-03-06"


def test_a_new_session_may_begin_when_the_last_one_ended(db, world):
    session(world, t(9), t(10))
    again = sign_in(world, t(10))
    assert not again.already
    assert again.record.status == RecordStatus.OPEN


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
    assert queries.approved_hours_on_day(world["volunteer"].id, record.service_date) == 8


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


def test_waiting_hours_do_not_count_toward_the_day(db, world, long_day):
    session(world, t(6), t(14), activity=long_day[0])
    waiting = session(world, t(14), t(18), activity=long_day[1])
    assert waiting.status == RecordStatus.NEEDS_REVIEW
    assert queries.approved_hours_on_day(world["volunteer"].id, waiting.service_date) == 8


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


# --- Forgotten sign-outs -----------------------------------------------------------------------


def test_sign_out_after_the_window_goes_to_review_with_no_hours(db, world):
    record = sign_in(world, t(9)).record
    late = services.record_sign_out(
        account=world["volunteer"], activity=world["activity"], at=t(14, 1)
    )
    db.session.commit()
    assert late is record
    assert services.is_forgotten_sign_out(record)
    assert services.close_forgotten_sign_outs(now=t(14, 1)) == 0
    assert record.status == RecordStatus.NEEDS_REVIEW
    assert record.review_reason == "forgotten_sign_out"
    assert record.review_level == "manager"
    assert record.hours == 0
    assert record.signed_out_at is None
    assert actions(db, record) == ["record.sign_in", "record.forgotten_sign_out"]


def test_close_forgotten_sign_outs_waits_for_the_window(db, world):
    record = sign_in(world, t(9)).record
    assert services.close_forgotten_sign_outs(now=t(14, 0)) == 0
    assert services.close_forgotten_sign_outs(now=t(14, 1)) == 1
    db.session.commit()
    assert record.status == RecordStatus.NEEDS_REVIEW
    assert record.hours == 0
    assert services.close_forgotten_sign_outs(now=t(15)) == 0
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
    services.close_forgotten_sign_outs(now=t(15))
    db.session.commit()

    with pytest.raises(DomainError) as refused:
        services.resolve_forgotten_sign_out(
            record, signed_out_at=t(11, 16), reason=" ", by=world["coordinator"]
        )
    assert refused.value.message == "请填写补签退的原因。"
    with pytest.raises(DomainError) as refused:
        services.resolve_forgotten_sign_out(
            record, signed_out_at=t(12, 1), reason="忘记签退", by=world["coordinator"]
        )
    assert refused.value.message == "补签退时间不能晚于活动结束时间。"
    with pytest.raises(DomainError) as refused:
        services.resolve_forgotten_sign_out(
            record, signed_out_at=t(9), reason="忘记签退", by=world["coordinator"]
        )
    assert refused.value.message == "签退时间必须晚于签到时间。"

    services.resolve_forgotten_sign_out(
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
        services.resolve_forgotten_sign_out(
            record, signed_out_at=t(11), reason="再改", by=world["coordinator"]
        )
    assert refused.value.message == "这条记录不是待补签退的记录。"


def test_a_resolved_forgotten_sign_out_meets_the_daily_cap(db, world, make_activity):
    morning = make_activity(world["org"]["a"], "早班导诊", starts_at=t(0), hours=8)
    session(world, t(0), t(8), activity=morning)
    record = sign_in(world, t(9)).record
    services.close_forgotten_sign_outs(now=t(15))
    services.resolve_forgotten_sign_out(
        record, signed_out_at=t(12), reason="忘记签退", by=world["manager"]
    )
    db.session.commit()
    assert record.status == RecordStatus.NEEDS_REVIEW
    assert record.review_level == "manager"
    assert record.review_reason == "daily_over_8"
    assert record.hours == Decimal("3")


def test_an_unresolved_forgotten_sign_out_cannot_be_approved(db, world):
    record = sign_in(world, t(9)).record
    services.close_forgotten_sign_outs(now=t(15))
    with pytest.raises(DomainError) as refused:
        review.approve_records([record], by=world["manager"])
    assert refused.value.message == (
        f"{world['volunteer'].display_name}的记录尚未补签退，请先设置签退时间。"
    )


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
    ("begin", "end"),
    [
        pytest.param(t(8, 59), t(10), id="before the start"),
        pytest.param(t(11), t(12, 1), id="after the end"),
        pytest.param(t(8), t(13), id="longer than the activity"),
    ],
)
def test_make_up_stays_within_the_activity(db, world, begin, end):
    with pytest.raises(DomainError) as refused:
        make_up(world, begin, end)
    assert refused.value.message == "服务时间必须在活动的开始和结束时间之内。"


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


# --- Void and delete ---------------------------------------------------------------------------


def test_void_keeps_the_record_and_stops_it_counting(db, world):
    record = session(world, t(9), t(11))
    assert queries.approved_hours_on_day(world["volunteer"].id, record.service_date) == 2
    with pytest.raises(DomainError) as refused:
        review.void_record(record, by=world["manager"], reason="")
    assert refused.value.message == "请填写作废原因。"
    review.void_record(record, by=world["manager"], reason="重复登记")
    db.session.commit()
    assert records(db) == [record]
    assert record.status == RecordStatus.VOID
    assert record.status_reason == "重复登记"
    assert queries.approved_hours_on_day(world["volunteer"].id, record.service_date) == 0
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
    assert queries.open_session_of(world["volunteer"].id) is None
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
        account=world["volunteer"], message="更早开始", record=record, begin=t(8), end=t(10)
    )
    with pytest.raises(DomainError) as refused:
        corrections.accept_correction(correction, by=world["manager"])
    assert refused.value.message == "服务时间必须在活动的开始和结束时间之内。"


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
            begin=t(8),
            end=t(10),
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


# --- The audit names who acted -----------------------------------------------------------------


def test_audit_entries_name_the_actor_outside_a_request(db, world):
    record = sign_in(
        world, t(9), source=RecordSource.COORDINATOR_ENTRY, by=world["coordinator"]
    ).record
    sign_out(world, t(10), by=world["coordinator"])
    review.void_record(record, by=world["manager"], reason="误登记")
    db.session.commit()
    assert [entry.actor_id for entry in audit_of(db, record)] == [
        world["coordinator"].id,
        world["coordinator"].id,
        world["manager"].id,
    ]


def test_self_sign_in_is_the_volunteers_own_act(db, world):
    record = session(world, t(9), t(10))
    assert {entry.actor_id for entry in audit_of(db, record)} == {world["volunteer"].id}


def test_the_open_session_index_allows_only_one(db, world, make_activity):
    """The database, not only Python, keeps one open session per person."""
    other = make_activity(world["org"]["b"], "健康宣教", starts_at=t(9), hours=3)
    sign_in(world, t(9))
    db.session.add(
        ServiceRecord(
            account_id=world["volunteer"].id,
            activity_id=other.id,
            source=SELF,
            status=RecordStatus.OPEN,
            signed_in_at=t(9, 1),
            service_date=t(9).date(),
        )
    )
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_the_examples_use_the_apps_zone(app):
    assert t(9) == local_time(2026, 3, 5, 9, 0)
    assert t(0, 0, day=6) - t(23, 59) == timedelta(minutes=1)
