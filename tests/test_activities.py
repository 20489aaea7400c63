"""Activity services: categories, monthly themes, validation, records that fix times."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from activities_world import (  # noqa: F401 - the fixtures are used by name
    add_record,
    audit_actions,
    category_fixture,
    details,
    schedule_fixture,
    volunteer_fixture,
)

from volunteer.activities import services
from volunteer.activities.models import ActivityStatus, SignupStatus
from volunteer.activities.queries import catalogue as catalogue_queries
from volunteer.activities.queries import signups as signup_queries
from volunteer.activities.services import activities as activity_services
from volunteer.activities.services import catalogue
from volunteer.audit.models import AuditEntry
from volunteer.clock import local_zone
from volunteer.errors import Conflict, DomainError
from volunteer.records.models import RecordStatus

# Categories and themes ------------------------------------------------------------------------


def test_category_names_are_unique_with_a_chinese_message(db, category):
    with pytest.raises(Conflict, match="已有名为“测试类别”的类别"):
        catalogue.create_category(name="测试类别", by=None)
    other = catalogue.create_category(name="另一类别", by=None)
    with pytest.raises(Conflict, match="已有名为“测试类别”的类别"):
        catalogue.rename_category(category=other, name="测试类别", by=None)


def test_categories_move_up_and_down_and_are_audited(db):
    first = catalogue.create_category(name="甲类", by=None)
    second = catalogue.create_category(name="乙类", by=None)
    db.session.commit()

    catalogue.move_category(category=second, offset=-1, by=None)
    db.session.commit()

    names = [c.name for c in catalogue_queries.categories()]
    assert names.index("乙类") == names.index("甲类") - 1
    catalogue.move_category(category=first, offset=-1, by=None)
    names = [c.name for c in catalogue_queries.categories()]
    assert names.index("甲类") < names.index("乙类")
    assert audit_actions(db, "category")[-2:] == ["category.move", "category.move"]


def test_retired_category_is_refused_for_new_activities_but_kept_by_old_ones(
    db, org, category, schedule
):
    activity = schedule()
    catalogue.set_category_active(category=category, active=False, by=None)
    db.session.commit()

    with pytest.raises(DomainError, match="已停用"):
        services.create_activity(details=details(org["a1"], category), created_by=None)
    services.update_activity(
        activity=activity,
        details=details(org["a1"], category, title="改名后的活动", starts_at=activity.starts_at),
        by=None,
    )
    assert activity.category is category and activity.title == "改名后的活动"
    assert category not in catalogue_queries.categories(active_only=True)
    assert audit_actions(db, "category")[-1] == "category.retire"


def test_one_theme_per_month_and_theme_for_finds_the_start_month(db):
    catalogue.set_theme(year=2031, month=3, title="学雷锋月", description=None, by=None)
    catalogue.set_theme(year=2031, month=3, title="学雷锋志愿服务月", description="三月", by=None)
    db.session.commit()

    assert catalogue_queries.theme_for(date(2031, 3, 31)).title == "学雷锋志愿服务月"
    assert catalogue_queries.theme_for(date(2031, 4, 1)) is None
    assert activity_services.theme_for is catalogue_queries.theme_for
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
        by=None,
    )
    db.session.commit()

    other = volunteer(org["a1"], "李四")
    add_record(db, activity, other, RecordStatus.APPROVED)
    with pytest.raises(DomainError, match="开始和结束时间不能再修改"):
        services.update_activity(
            activity=activity,
            details=details(activity.unit, activity.category, starts_at=later + timedelta(hours=1)),
            by=None,
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
        by=None,
    )
    assert activity.place == "住院部"


@pytest.mark.parametrize("status", [RecordStatus.APPROVED, RecordStatus.NEEDS_REVIEW])
def test_cancel_is_refused_while_records_count(db, schedule, volunteer, org, status):
    activity = schedule()
    add_record(db, activity, volunteer(org["a1"]), status)
    with pytest.raises(DomainError, match="请先作废这些记录"):
        services.cancel_activity(activity=activity, reason="暴雨", by=None)


def test_cancel_keeps_sign_ups_and_records_the_reason(db, schedule, volunteer, org):
    activity = schedule()
    person = volunteer(org["a1"])
    services.sign_up(activity=activity, account=person)
    add_record(db, activity, volunteer(org["a1"], "李四"), RecordStatus.VOID)

    services.cancel_activity(activity=activity, reason="暴雨预警", by=None)
    db.session.commit()

    assert activity.is_cancelled and activity.cancel_reason == "暴雨预警"
    assert signup_queries.signup_of(person, activity).status == SignupStatus.CONFIRMED
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "activity.cancel"))
    assert entry.reason == "暴雨预警" and entry.before["status"] == "scheduled"
    with pytest.raises(DomainError, match="活动已取消"):
        services.sign_up(activity=activity, account=volunteer(org["a1"], "王五"))
