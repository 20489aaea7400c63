"""Signing in through the records services (docs/rules.md §3), and whom the audit names as
acting."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from conftest import local_time
from records_world import (
    SELF,
    actions,
    audit_of,
    records,
    session,
    sign_in,
    sign_out,
    t,
    world_fixture,  # noqa: F401
)
from sqlalchemy import select

from volunteer.activities.models import ActivityStatus, Signup, SignupStatus
from volunteer.auth.models import Role
from volunteer.errors import Conflict, DomainError
from volunteer.records.models import (
    RecordSource,
    RecordStatus,
    ServiceRecord,
)
from volunteer.records.services import review
from volunteer.registration.models import Registration, RegistrationStatus

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
