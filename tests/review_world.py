"""What the review tests share: volunteers of two hospitals, their managers, and waiting 补录.

Test modules import `people_fixture` (named "people") and `make_up_fixture` ("make_up").
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import local_time

from volunteer.auth.models import Role
from volunteer.records.services import entries


@pytest.fixture(name="people")
def people_fixture(org, make_volunteer, make_account):
    return {
        "li": make_volunteer(org["a1"], "李四"),
        "wang": make_volunteer(org["a1"], "王五"),
        "zhao": make_volunteer(org["b1"], "赵六"),
        "manager": make_account("mgr", Role.MANAGER, org["a"]),
        "unit_admin": make_account("adm", Role.ADMIN, org["a"]),
        "other_manager": make_account("mgr-b", Role.MANAGER, org["b"]),
    }


@pytest.fixture(name="make_up")
def make_up_fixture(db, org, make_activity, make_account):
    """Return a factory: make_up(volunteer, day, hours) → a waiting 补录 record at hospital A."""
    coordinator = make_account("coord", Role.COORDINATOR, org["root"])

    def make(volunteer, day: int = 10, hours: int = 2, unit=None, title="导诊服务"):
        begin = local_time(2026, 11, day, 8, 0)
        activity = make_activity(unit or org["a"], title, starts_at=begin, hours=hours)
        record = entries.enter_make_up(
            account=volunteer,
            activity=activity,
            begin=begin,
            end=begin + timedelta(hours=hours),
            reason="手机没电",
            evidence_note="签到表照片",
            by=coordinator,
        )
        db.session.commit()
        return record

    return make
