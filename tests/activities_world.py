"""Fixtures and helpers shared by the activity tests: a category, volunteers, activities."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from volunteer.activities import services
from volunteer.activities.models import Activity
from volunteer.activities.services import ActivityDetails, catalogue
from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Role
from volunteer.clock import local_today, local_zone, utc_now
from volunteer.records.models import RecordSource, RecordStatus, ServiceRecord
from volunteer.registration.models import Registration, RegistrationStatus


@pytest.fixture(name="category")
def category_fixture(db):
    # Made here, not taken from the seeded list: PostgreSQL runs truncate it between tests.
    made = catalogue.create_category(name="测试类别", by=None)
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


def local_input(moment) -> str:
    return moment.astimezone(local_zone()).strftime("%Y-%m-%dT%H:%M")


def form_data(unit, category, **changes):
    starts = (utc_now() + timedelta(days=10)).replace(second=0, microsecond=0)
    data = {
        "title": "社区义诊",
        "category_id": str(category.id),
        "theme": "auto",
        "unit_id": str(unit.id),
        "team_id": "",
        "project_id": "",
        "place": "幸福社区服务中心",
        "starts_at": local_input(starts),
        "ends_at": local_input(starts + timedelta(hours=4)),
        "capacity": "10",
        "signup_required": "y",
        "description": "测血压、测血糖",
        "contact": "王医生 13800000000",
    }
    data.update(changes)
    return data
