"""Activity sign-ups: the waiting list, withdrawals, who may sign up, and the last place."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from activities_world import (  # noqa: F401 - the fixtures are used by name
    audit_actions,
    category_fixture,
    details,
    schedule_fixture,
    volunteer_fixture,
)
from conftest import ON_POSTGRES

from volunteer.activities import services
from volunteer.activities.models import Activity, SignupStatus
from volunteer.activities.queries import signups as queries
from volunteer.clock import utc_now
from volunteer.errors import Conflict, DomainError

# Sign-ups -------------------------------------------------------------------------------------


def test_full_activity_puts_people_on_a_waiting_list_in_order(db, schedule, volunteer, org):
    activity = schedule(capacity=2)
    people = [volunteer(org["a1"], name) for name in ("甲", "乙", "丙", "丁")]
    signups = [services.sign_up(activity=activity, account=p) for p in people]
    db.session.commit()

    assert [s.status for s in signups] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [queries.waiting_position(s) for s in signups] == [None, None, 1, 2]
    assert queries.has_confirmed_signup(people[0].id, activity.id)
    assert not queries.has_confirmed_signup(people[2].id, activity.id)
    assert audit_actions(db, "signup").count("signup.waitlist") == 2


def test_withdrawing_a_place_promotes_the_first_in_line(db, schedule, volunteer, org):
    activity = schedule(capacity=1)
    first, second, third = (volunteer(org["a1"], n) for n in ("甲", "乙", "丙"))
    for person in (first, second, third):
        services.sign_up(activity=activity, account=person)
    db.session.commit()

    promoted = services.withdraw(activity=activity, account=first)
    db.session.commit()

    assert promoted.account_id == second.id and promoted.status == SignupStatus.CONFIRMED
    assert queries.signup_of(first, activity).status == SignupStatus.CANCELLED
    assert queries.waiting_position(queries.signup_of(third, activity)) == 1
    assert audit_actions(db, "signup")[-2:] == ["signup.withdraw", "signup.promote"]


def test_leaving_the_waiting_list_promotes_nobody(db, schedule, volunteer, org):
    activity = schedule(capacity=1)
    first, second = volunteer(org["a1"], "甲"), volunteer(org["a1"], "乙")
    services.sign_up(activity=activity, account=first)
    services.sign_up(activity=activity, account=second)
    assert services.withdraw(activity=activity, account=second) is None
    assert queries.confirmed_count(activity) == 1


def test_coming_back_joins_the_end_of_the_queue(db, schedule, volunteer, org):
    activity = schedule(capacity=1)
    first, second, third = (volunteer(org["a1"], n) for n in ("甲", "乙", "丙"))
    for person in (first, second, third):
        services.sign_up(activity=activity, account=person)
    services.withdraw(activity=activity, account=second)
    again = services.sign_up(activity=activity, account=second)
    db.session.commit()
    assert again.status == SignupStatus.WAITLISTED and queries.waiting_position(again) == 2


def test_raising_capacity_promotes_the_waiting_list(db, schedule, volunteer, org):
    activity = schedule(capacity=1)
    people = [volunteer(org["a1"], n) for n in ("甲", "乙", "丙")]
    for person in people:
        services.sign_up(activity=activity, account=person)
    services.update_activity(
        activity=activity,
        details=details(activity.unit, activity.category, starts_at=activity.starts_at, capacity=2),
        by=None,
    )
    db.session.commit()
    assert [queries.signup_of(p, activity).status for p in people] == [
        "confirmed",
        "confirmed",
        "waitlisted",
    ]


def test_only_registered_volunteers_may_sign_up(db, schedule, volunteer, org):
    activity = schedule()
    with pytest.raises(DomainError, match="只有已注册的志愿者才能报名"):
        services.sign_up(activity=activity, account=volunteer(org["a1"], registered=False))


def test_signing_up_twice_is_refused(db, schedule, volunteer, org):
    activity = schedule()
    person = volunteer(org["a1"])
    services.sign_up(activity=activity, account=person)
    with pytest.raises(Conflict, match="您已报名该活动"):
        services.sign_up(activity=activity, account=person)


def test_no_sign_up_or_withdrawal_after_the_start(db, schedule, volunteer, org):
    activity = schedule(starts_at=utc_now() - timedelta(minutes=1))
    person = volunteer(org["a1"])
    with pytest.raises(DomainError, match="活动已开始，不能再报名"):
        services.sign_up(activity=activity, account=person)
    with pytest.raises(DomainError, match="活动已开始"):
        services.withdraw(activity=activity, account=person)


def test_my_upcoming_signups_show_status_and_position(db, schedule, volunteer, org):
    soon, later = schedule(capacity=1), schedule(capacity=1, title="健康讲座")
    other, me = volunteer(org["a1"], "甲"), volunteer(org["a1"], "乙")
    services.sign_up(activity=later, account=other)
    services.sign_up(activity=soon, account=me)
    services.sign_up(activity=later, account=me)
    db.session.commit()

    rows = queries.my_upcoming_signups(me)
    assert [(row.Signup.activity_id, row.Signup.status) for row in rows] == [
        (soon.id, "confirmed"),
        (later.id, "waitlisted"),
    ]
    assert rows[1].position == 1


@pytest.mark.skipif(not ON_POSTGRES, reason="row locks need PostgreSQL")
def test_two_people_taking_the_last_place_at_once_are_not_both_confirmed(
    app, db, schedule, volunteer, org
):
    activity = schedule(capacity=1)
    people = [volunteer(org["a1"], f"并发{n}") for n in range(6)]
    activity_id, account_ids = activity.id, [p.id for p in people]
    db.session.remove()
    barrier = threading.Barrier(len(account_ids))
    errors = []

    def take_place(account_id):
        from volunteer.auth.models import Account
        from volunteer.extensions import db as thread_db

        with app.app_context():
            try:
                target = thread_db.session.get(Activity, activity_id)
                account = thread_db.session.get(Account, account_id)
                barrier.wait()
                services.sign_up(activity=target, account=account)
                thread_db.session.commit()
            except Exception as error:
                errors.append(error)
            finally:
                thread_db.session.remove()

    threads = [threading.Thread(target=take_place, args=(i,)) for i in account_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors
    activity = db.session.get(Activity, activity_id)
    assert queries.confirmed_count(activity) == 1
    assert queries.waitlisted_count(activity) == len(account_ids) - 1
