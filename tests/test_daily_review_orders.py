"""The daily review cannot be ordered around (docs/rules.md §3.4): one volunteer's day of three
activities, 5 h, 4 h and 4 h, signed out and approved in every order.

Whatever the order, the session that takes the day's claimed hours above 8 h waits for a
manager, the one that takes them above 12 h for an administrator, and no one below an
administrator approves the session that takes the day's approved hours above 12 h.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from itertools import permutations, product

import pytest
from records_world import session, t, world_fixture  # noqa: F401

from volunteer.auth.models import Role
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.records.models import RecordSource, RecordStatus, ReviewLevel, ServiceRecord
from volunteer.records.queries import sessions as session_queries
from volunteer.records.services import entries, forgotten, review, sessions

HOURS = {"A": 5, "B": 4, "C": 4}
ADMIN_LINE = Decimal(12)


@pytest.fixture
def day(world, make_activity):
    """Return a factory laying out the three activities of 5 March from their starts."""
    unit = world["org"]["a"]

    def layout(starts: dict[str, datetime]):
        return {
            label: make_activity(unit, f"活动{label}", starts_at=starts[label], hours=hours)
            for label, hours in HOURS.items()
        }

    return layout


def scan_layout(order) -> dict[str, datetime]:
    """Put the activities back to back in `order` from 06:00, so they are signed out so."""
    starts, hour = {}, 6
    for label in order:
        starts[label], hour = t(hour), hour + HOURS[label]
    return starts


def sign_out_by_scan(world, activities, order, account) -> dict[str, ServiceRecord]:
    """Scan in and out of each activity in `order` (their order in time)."""
    records = {}
    for label in order:
        activity = activities[label]
        sign_in_at(activity, account, activity.starts_at)
        records[label] = sessions.record_sign_out(
            account=account, activity=activity, at=activity.ends_at
        )
    db.session.commit()
    return records


def sign_in_at(activity, account, at) -> ServiceRecord:
    return sessions.record_sign_in(
        account=account, activity=activity, source=RecordSource.SELF_SCAN, at=at
    ).record


# A 06:00–11:00, B 13:30–17:30, C 19:40–23:40: each sign-in comes after the previous session's
# sign-out window, so it sends that session to review as a forgotten sign-out first.
COORDINATOR_LAYOUT = {"A": t(6), "B": t(13, 30), "C": t(19, 40)}


def sign_out_by_coordinator(world, activities, order, account) -> dict[str, ServiceRecord]:
    """Let every session become a forgotten sign-out; the coordinator closes them in `order`."""
    opened = {
        label: sign_in_at(activities[label], account, activities[label].starts_at)
        for label in "ABC"
    }
    forgotten.close_forgotten_sign_outs(now=t(12, day=6))
    for label in order:
        forgotten.resolve_forgotten_sign_out(
            opened[label],
            signed_out_at=activities[label].ends_at,
            reason="忘记签退，负责人核实",
            by=world["coordinator"],
        )
    db.session.commit()
    return opened


SIGN_OUTS = {
    "scan": (scan_layout, sign_out_by_scan),
    "coordinator": (lambda order: COORDINATOR_LAYOUT, sign_out_by_coordinator),
}


def expected_levels(order) -> dict[str, ReviewLevel | None]:
    """Return each session's level from the day's claimed hours before it, nothing approved
    in between: the first is approved, the second waits if 8 h is passed, the third (13 h)
    always waits for an administrator."""
    first, second, third = order
    over_8 = HOURS[first] + HOURS[second] > 8
    return {first: None, second: ReviewLevel.MANAGER if over_8 else None, third: ReviewLevel.ADMIN}


def approved_day(account) -> Decimal:
    return session_queries.approved_hours_on_day(account.id, t(6).date())


# Each waiting record is approved by a manager or an administrator, in sign-out order or not.
APPROVALS = list(
    product(["in sign-out order", "reversed"], product(["manager", "admin"], repeat=2))
)


@pytest.mark.parametrize("how", list(SIGN_OUTS))
@pytest.mark.parametrize("order", list(permutations("ABC")), ids="".join)
def test_no_order_of_sign_outs_and_approvals_takes_a_day_above_12_h_past_an_admin(
    db, world, day, make_volunteer, how, order
):
    layout, sign_out_all = SIGN_OUTS[how]
    activities = day(layout(order))
    # One volunteer per order of approvals: each has the same day, independent of the others.
    for n, (approval, approvers) in enumerate(APPROVALS):
        scenario = f"{approval}, by {approvers}"
        account = make_volunteer(world["org"]["a1"], f"志愿者{n}")
        records = sign_out_all(world, activities, order, account)

        levels = expected_levels(order)
        for label, record in records.items():
            assert record.hours == HOURS[label]
            assert record.review_level == levels[label], label
            waits = levels[label] is not None
            assert record.status == (RecordStatus.NEEDS_REVIEW if waits else RecordStatus.APPROVED)
        assert session_queries.claimed_hours_on_day(account.id, t(6).date()) == 13

        waiting = [label for label in order if levels[label] is not None]
        if approval == "reversed":
            waiting.reverse()
        for label, approver in zip(waiting, approvers, strict=False):
            record, approved = records[label], approved_day(account)
            # A manager approves only a record marked for a manager that keeps the approved
            # day at or under 12 h; every other record needs an administrator.
            manager_may = (
                record.review_level == ReviewLevel.MANAGER and approved + record.hours <= ADMIN_LINE
            )
            assert (review.approver_role_needed(record) == Role.MANAGER) is manager_may, scenario
            if approver == "manager" and not manager_may:
                with pytest.raises(DomainError) as refused:
                    review.approve_records([record], by=world["manager"])
                assert "需要管理员审核" in refused.value.message
                db.session.rollback()
                assert record.status == RecordStatus.NEEDS_REVIEW
                approver = "admin"  # the record goes up to an administrator, who approves it
            review.approve_records([record], by=world[approver])
            db.session.commit()
            if approved_day(account) > ADMIN_LINE:
                assert approver == "admin", f"{scenario}: {label} took the day above 12 h"

        assert approved_day(account) == 13, scenario
        assert all(record.status == RecordStatus.APPROVED for record in records.values())


# --- The worked examples of docs/rules.md §3.4 -------------------------------------------------


def test_a_manager_approves_b_then_only_an_admin_approves_c(db, world, day):
    records = sign_out_by_scan(world, day(scan_layout("ABC")), "ABC", world["volunteer"])
    b, c = records["B"], records["C"]
    assert (b.review_level, c.review_level) == (ReviewLevel.MANAGER, ReviewLevel.ADMIN)

    review.approve_records([b], by=world["manager"])
    db.session.commit()
    assert approved_day(world["volunteer"]) == 9
    with pytest.raises(DomainError):
        review.approve_records([c], by=world["manager"])
    db.session.rollback()
    review.approve_records([c], by=world["admin"])
    db.session.commit()
    assert approved_day(world["volunteer"]) == 13


def test_after_an_admin_approves_c_first_b_needs_an_admin_too(db, world, day):
    records = sign_out_by_scan(world, day(scan_layout("ABC")), "ABC", world["volunteer"])
    review.approve_records([records["C"]], by=world["admin"])
    db.session.commit()
    assert approved_day(world["volunteer"]) == 9

    with pytest.raises(DomainError) as refused:
        review.approve_records([records["B"]], by=world["manager"])
    assert "超过12小时，需要管理员审核" in refused.value.message
    db.session.rollback()
    review.approve_records([records["B"]], by=world["admin"])
    db.session.commit()
    assert approved_day(world["volunteer"]) == 13


def test_a_session_after_a_waiting_long_one_waits_too(db, world, make_activity):
    """The defect this replaces: 2 h after a waiting 9 h was approved at sign-out."""
    long_one = make_activity(world["org"]["a"], "全天义诊", starts_at=t(6), hours=9)
    evening = make_activity(world["org"]["a"], "晚间义诊", starts_at=t(16), hours=2)
    first = session(world, t(6), t(15), long_one)
    second = session(world, t(16), t(18), evening)
    assert (first.status, first.review_level) == (RecordStatus.NEEDS_REVIEW, ReviewLevel.MANAGER)
    assert (second.status, second.review_level) == (RecordStatus.NEEDS_REVIEW, ReviewLevel.MANAGER)
    assert approved_day(world["volunteer"]) == 0


def test_a_rejected_session_no_longer_counts_toward_the_claimed_day(db, world, make_activity):
    long_one = make_activity(world["org"]["a"], "全天义诊", starts_at=t(6), hours=9)
    evening = make_activity(world["org"]["a"], "晚间义诊", starts_at=t(16), hours=2)
    first = session(world, t(6), t(15), long_one)
    review.reject_records([first], by=world["manager"], reason="当天并未全程在岗")
    db.session.commit()
    second = session(world, t(16), t(18), evening)
    assert second.status == RecordStatus.APPROVED


def test_a_make_up_that_takes_the_claimed_day_above_12_h_waits_for_an_admin(
    db, world, make_activity
):
    long_one = make_activity(world["org"]["a"], "全天义诊", starts_at=t(6), hours=9)
    evening = make_activity(world["org"]["a"], "晚间义诊", starts_at=t(16), hours=4)
    session(world, t(6), t(15), long_one)
    make_up = entries.enter_make_up(
        account=world["volunteer"],
        activity=evening,
        begin=t(16),
        end=t(20),
        reason="扫码设备故障",
        evidence_note="纸质签到表",
        by=world["coordinator"],
    )
    assert (make_up.review_level, make_up.review_reason) == (ReviewLevel.ADMIN, "make_up")
    with pytest.raises(DomainError):
        review.approve_records([make_up], by=world["manager"])
