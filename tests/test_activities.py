"""Activity services: categories, monthly themes, validation, records that fix times, sign-ups."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from conftest import ON_POSTGRES

from volunteer.activities import queries, services
from volunteer.activities.models import Activity, ActivityStatus, SignupStatus
from volunteer.activities.services import ActivityDetails
from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Role
from volunteer.clock import local_today, local_zone, utc_now
from volunteer.errors import Conflict, DomainError
from volunteer.records.models import RecordSource, RecordStatus, ServiceRecord
from volunteer.registration.models import Registration, RegistrationStatus


@pytest.fixture(name="category")
def category_fixture(db):
    # Made here, not taken from the seeded list: PostgreSQL runs truncate it between tests.
    made = services.create_category(name="测试类别")
    db.session.commit()
    return made


@pytest.fixture(name="volunteer")
def volunteer_fixture(db, make_staff, make_account):
    """Return a factory of registered volunteers: volunteer(unit, "张三")."""

    def make(unit, name="张三", *, registered=True):
        staff = make_staff(unit, name)
        account = make_account(
            staff.staff_no, Role.VOLUNTEER, unit, staff_member=staff, display_name=name
        )
        if registered:
            db.session.add(
                Registration(
                    status=RegistrationStatus.ACTIVE,
                    unit_id=unit.id,
                    staff_member_id=staff.id,
                    account_id=account.id,
                    claimed_name=name,
                    claimed_staff_no=staff.staff_no,
                    phone=staff.phone,
                    registered_on=local_today(),
                )
            )
            db.session.commit()
        return account

    return make


def details(unit, category, **changes) -> ActivityDetails:
    starts = changes.pop(
        "starts_at", utc_now().replace(second=0, microsecond=0) + timedelta(days=3)
    )
    fields = {
        "title": "门诊导医",
        "category": category,
        "theme": None,
        "unit": unit,
        "team": None,
        "project": None,
        "place": "门诊大厅",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=3),
    }
    fields.update(changes)
    return ActivityDetails(**fields)


@pytest.fixture(name="schedule")
def schedule_fixture(db, org, category):
    """Return a factory of committed activities in hospital A's department by default."""

    def make(**changes) -> Activity:
        unit = changes.pop("unit", org["a1"])
        activity = services.create_activity(
            details=details(unit, category, **changes), created_by=None
        )
        db.session.commit()
        return activity

    return make


def audit_actions(db, subject_type):
    return [
        entry.action
        for entry in db.session.scalars(
            db.select(AuditEntry)
            .where(AuditEntry.subject_type == subject_type)
            .order_by(AuditEntry.id)
        )
    ]


def add_record(db, activity, account, status):
    record = ServiceRecord(
        account_id=account.id,
        activity_id=activity.id,
        source=RecordSource.COORDINATOR_ENTRY,
        status=status,
        signed_in_at=activity.starts_at,
        signed_out_at=None if status == RecordStatus.OPEN else activity.ends_at,
        service_date=activity.starts_at.astimezone(local_zone()).date(),
        credited_minutes=0 if status == RecordStatus.OPEN else 180,
        hours=Decimal("0") if status == RecordStatus.OPEN else Decimal("3"),
    )
    db.session.add(record)
    db.session.commit()
    return record


# Categories and themes ------------------------------------------------------------------------


def test_category_names_are_unique_with_a_chinese_message(db, category):
    with pytest.raises(Conflict, match="已有名为“测试类别”的类别"):
        services.create_category(name="测试类别")
    other = services.create_category(name="另一类别")
    with pytest.raises(Conflict, match="已有名为“测试类别”的类别"):
        services.rename_category(category=other, name="测试类别")


def test_categories_move_up_and_down_and_are_audited(db):
    first = services.create_category(name="甲类")
    second = services.create_category(name="乙类")
    db.session.commit()

    services.move_category(category=second, offset=-1)
    db.session.commit()

    names = [c.name for c in queries.categories()]
    assert names.index("乙类") == names.index("甲类") - 1
    services.move_category(category=first, offset=-1)
    names = [c.name for c in queries.categories()]
    assert names.index("甲类") < names.index("乙类")
    assert audit_actions(db, "category")[-2:] == ["category.move", "category.move"]


def test_retired_category_is_refused_for_new_activities_but_kept_by_old_ones(
    db, org, category, schedule
):
    activity = schedule()
    services.set_category_active(category=category, active=False)
    db.session.commit()

    with pytest.raises(DomainError, match="已停用"):
        services.create_activity(details=details(org["a1"], category), created_by=None)
    services.update_activity(
        activity=activity,
        details=details(org["a1"], category, title="改名后的活动", starts_at=activity.starts_at),
    )
    assert activity.category is category and activity.title == "改名后的活动"
    assert category not in queries.categories(active_only=True)
    assert audit_actions(db, "category")[-1] == "category.retire"


def test_one_theme_per_month_and_theme_for_finds_the_start_month(db):
    services.set_theme(year=2031, month=3, title="学雷锋月", description=None)
    services.set_theme(year=2031, month=3, title="学雷锋志愿服务月", description="三月")
    db.session.commit()

    assert queries.theme_for(date(2031, 3, 31)).title == "学雷锋志愿服务月"
    assert queries.theme_for(date(2031, 4, 1)) is None
    assert services.theme_for is queries.theme_for
    assert audit_actions(db, "theme") == ["theme.create", "theme.update"]


# Activities -----------------------------------------------------------------------------------


def test_new_activity_is_audited_and_numbered(db, schedule):
    activity = schedule()
    assert activity.number == f"HD{activity.id:06d}"
    assert activity.status == ActivityStatus.SCHEDULED
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.subject_type == "activity"))
    assert entry.action == "activity.create" and entry.subject_id == activity.id
    assert entry.unit_id == activity.unit_id and entry.after["title"] == "门诊导医"


@pytest.mark.parametrize(
    ("length", "message"),
    [
        (timedelta(0), "结束时间必须晚于开始时间"),
        (timedelta(minutes=-1), "结束时间必须晚于开始时间"),
        (timedelta(days=366, minutes=1), "不能超过 366 天"),
    ],
)
def test_activity_times_must_make_sense(db, org, category, length, message):
    starts = datetime(2031, 5, 1, 0, 30, tzinfo=local_zone())
    with pytest.raises(DomainError, match=message):
        services.create_activity(
            details=details(org["a"], category, starts_at=starts, ends_at=starts + length),
            created_by=None,
        )


def test_an_activity_may_last_exactly_366_days(db, org, category):
    starts = datetime(2031, 5, 1, 8, 0, tzinfo=local_zone())
    activity = services.create_activity(
        details=details(org["a"], category, starts_at=starts, ends_at=starts + timedelta(days=366)),
        created_by=None,
    )
    assert activity.ends_at - activity.starts_at == timedelta(days=366)


def test_capacity_must_be_at_least_one(db, org, category):
    with pytest.raises(DomainError, match="人数上限至少为 1"):
        services.create_activity(details=details(org["a"], category, capacity=0), created_by=None)


def test_times_are_fixed_once_a_record_has_left_open(db, schedule, volunteer, org):
    activity = schedule()
    person = volunteer(org["a1"])
    add_record(db, activity, person, RecordStatus.OPEN)
    later = activity.starts_at + timedelta(hours=1)
    services.update_activity(
        activity=activity,
        details=details(activity.unit, activity.category, starts_at=later),
    )
    db.session.commit()

    other = volunteer(org["a1"], "李四")
    add_record(db, activity, other, RecordStatus.APPROVED)
    with pytest.raises(DomainError, match="开始和结束时间不能再修改"):
        services.update_activity(
            activity=activity,
            details=details(activity.unit, activity.category, starts_at=later + timedelta(hours=1)),
        )
    # Other fields may still change.
    services.update_activity(
        activity=activity,
        details=details(
            activity.unit,
            activity.category,
            starts_at=later,
            place="住院部",
            ends_at=activity.ends_at,
        ),
    )
    assert activity.place == "住院部"


@pytest.mark.parametrize("status", [RecordStatus.APPROVED, RecordStatus.NEEDS_REVIEW])
def test_cancel_is_refused_while_records_count(db, schedule, volunteer, org, status):
    activity = schedule()
    add_record(db, activity, volunteer(org["a1"]), status)
    with pytest.raises(DomainError, match="请先作废这些记录"):
        services.cancel_activity(activity=activity, reason="暴雨")


def test_cancel_keeps_sign_ups_and_records_the_reason(db, schedule, volunteer, org):
    activity = schedule()
    person = volunteer(org["a1"])
    services.sign_up(activity=activity, account=person)
    add_record(db, activity, volunteer(org["a1"], "李四"), RecordStatus.VOID)

    services.cancel_activity(activity=activity, reason="暴雨预警")
    db.session.commit()

    assert activity.is_cancelled and activity.cancel_reason == "暴雨预警"
    assert queries.signup_of(person, activity).status == SignupStatus.CONFIRMED
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "activity.cancel"))
    assert entry.reason == "暴雨预警" and entry.before["status"] == "scheduled"
    with pytest.raises(DomainError, match="活动已取消"):
        services.sign_up(activity=activity, account=volunteer(org["a1"], "王五"))


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
