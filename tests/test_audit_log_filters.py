"""Choosing what the audit log shows: each category shows its own entries only, dates are local
calendar days, a person search finds what someone did and what was done about them but only inside
the reader's units, targets are for organisation administrators, and the page sends as many
statements for many entries as for few.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from audit_log_pages import log_page
from records_world import SHANGHAI, session, sign_in, t, world_fixture  # noqa: F401
from statements import sent_statements

from volunteer.audit.labels import ACTION_LABELS, CATEGORIES
from volunteer.audit.models import AuditEntry
from volunteer.audit.services import record_change
from volunteer.auth import services as auth_services
from volunteer.auth.models import Role
from volunteer.records.models import RecordSource


@pytest.mark.parametrize("category", sorted(CATEGORIES))
def test_each_category_shows_its_own_entries_only(
    client, db, org, make_account, login_as, category
):
    for key, holder in CATEGORIES.items():
        action = next(code for code in ACTION_LABELS if holder.holds(code))
        record_change(
            action=action,
            subject_type="unit",
            subject_id=org["a"].id,
            unit_id=org["a"].id,
            reason=f"marker-{key}",
            actor_id=None,
        )
    db.session.commit()
    login_as(make_account("admin", Role.ADMIN, org["root"]))

    page = log_page(client, kind=category)

    shown = {key for key in CATEGORIES if f"marker-{key}" in page}
    assert shown == {category}


def test_dates_are_local_calendar_days(client, db, org, make_account, login_as):
    for moment, marker in [
        (datetime(2026, 3, 4, 23, 59, tzinfo=SHANGHAI), "day-before"),
        (datetime(2026, 3, 5, 0, 1, tzinfo=SHANGHAI), "first-minute"),  # 16:01 UTC on 4 March
        (datetime(2026, 3, 5, 23, 59, tzinfo=SHANGHAI), "last-minute"),
        (datetime(2026, 3, 6, 0, 1, tzinfo=SHANGHAI), "day-after"),
    ]:
        db.session.add(
            AuditEntry(
                at=moment,
                action="unit.update",
                subject_type="unit",
                subject_id=org["a"].id,
                unit_id=org["a"].id,
                reason=marker,
            )
        )
    db.session.commit()
    login_as(make_account("admin", Role.ADMIN, org["root"]))

    page = log_page(client, since="2026-03-05", until="2026-03-05")
    reversed_range = log_page(client, since="2026-03-05", until="2026-03-04")

    assert "first-minute" in page and "last-minute" in page
    assert "day-before" not in page and "day-after" not in page
    assert "day-before" in reversed_range and "first-minute" in reversed_range


@pytest.fixture
def coordinated(world, make_volunteer):
    """王小明 signed in by the coordinator; 李四 signs in and out on his own."""
    sign_in(world, t(9), by=world["coordinator"], source=RecordSource.COORDINATOR_SCAN)
    session(world, t(9), t(12), account=make_volunteer(world["org"]["a1"], "李四"))
    return world


@pytest.mark.parametrize("searched", ["王小明", "小明", "staff_no", "coord-a"])
def test_person_search_finds_what_they_did_and_what_was_done_about_them(
    client, login_as, coordinated, searched
):
    if searched == "staff_no":
        searched = coordinated["volunteer"].staff_member.staff_no
    login_as(coordinated["manager"])

    page = log_page(client, person=searched)

    # The coordinator signed 王小明 in: the entry is found by either of them.
    assert "负责人扫码" in page
    assert "李四" not in page


def test_person_search_stays_inside_the_readers_units(
    client, db, org, make_account, make_staff, login_as
):
    for unit, name in ((org["a1"], "张三"), (org["b1"], "张三丰")):
        person = make_staff(unit, name)
        record_change(
            action="staff.create",
            subject_type="staff_member",
            subject_id=person.id,
            unit_id=unit.id,
            reason=f"in {unit.code}",
            actor_id=None,
        )
    db.session.commit()
    login_as(make_account("manager", Role.MANAGER, org["a"]))

    page = log_page(client, person="张三")

    assert "in H-A-01" in page and "in H-B-01" not in page


def test_targets_and_failed_logins_are_for_organisation_administrators(
    client, db, org, make_account, login_as
):
    record_change(
        action="target.set",
        subject_type="yearly_target",
        subject_id=2026,
        after={"year": 2026, "registration_rate": "1.0000", "hours_per_person": "48.0"},
        actor_id=None,
    )
    db.session.commit()
    manager = make_account("manager", Role.MANAGER, org["a"])
    admin = make_account("admin", Role.ADMIN, org["root"])

    login_as(manager)
    assert "设置年度目标" not in log_page(client, kind="targets")
    client.post("/logout")
    login_as(admin)
    page = log_page(client, kind="targets")
    assert "设置年度目标" in page and "2026 年" in page and "100%" in page and "48 小时" in page


def test_the_page_sends_as_many_statements_for_many_entries_as_for_few(
    client, db, login_as, world, make_volunteer
):
    login_as(world["admin"])

    def statements_with(volunteers: int) -> int:
        for n in range(volunteers):
            person = make_volunteer(world["org"]["a1"], f"志愿者{volunteers}-{n}")
            session(world, t(9), t(10), account=person)
            auth_services.set_account_active(account=person, active=False, actor=world["admin"])
        db.session.commit()
        db.session.expire_all()
        with sent_statements(db.engine) as statements:
            log_page(client)
        return len(statements)

    assert statements_with(2) == statements_with(8)
