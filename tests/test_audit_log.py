"""The audit log reads as an inspector reads: words, names and local times, never codes or ids.

Entries are made by the real services (a volunteer's sign-in and sign-out, a manager's review,
role grants); the log page and the record's own page show them, in Chinese or English. Stored
values (statuses, sources, kinds, flags, dates) read in words and ids read as names.
"""

from __future__ import annotations

import pytest
from audit_log_pages import log_page
from records_world import session, t, world_fixture  # noqa: F401

from volunteer.audit.services import record_change
from volunteer.auth import services as auth_services
from volunteer.auth.models import Role


def test_a_session_reads_in_words_names_and_local_time(client, login_as, world):
    session(world, t(9), t(12))
    login_as(world["manager"])

    page = log_page(client, kind="records")

    staff_no = world["volunteer"].staff_member.staff_no
    assert "签到" in page and "签退" in page
    assert f"王小明（{staff_no}）" in page  # the volunteer by name and 工号
    assert "社区义诊" in page and "第一人民医院" in page  # the activity and the unit by name
    assert "扫码签到" in page  # the source in words
    assert "进行中 → 已通过" in page  # the status in words
    assert "0 小时 → 3 小时" in page
    assert "2026-03-05 12:00" in page  # sign-out in local time (04:00 UTC)
    for code in ("record.sign_in", "approved", "self_scan", "account_id", "+00:00", "T04:00"):
        assert code not in page


def test_booleans_roles_and_units_read_as_words(client, db, org, make_account, login_as):
    admin = make_account("admin", Role.ADMIN, org["root"])
    clerk = make_account("clerk", display_name="刘文书")
    auth_services.grant_role(account=clerk, role=Role.MANAGER, unit=org["a1"], actor=admin)
    auth_services.set_account_active(account=clerk, active=False, reason="调离", actor=admin)
    db.session.commit()
    login_as(admin)

    page = log_page(client, kind="accounts", person="clerk")

    assert "授予角色" in page and "单位管理员" in page and "心内科" in page
    assert "停用账号" in page and "是 → 否" in page
    assert "刘文书（clerk）" in page
    assert "True" not in page and "False" not in page and "H-A-01" not in page


def test_an_english_reader_reads_the_labels_in_english(client, login_as, world):
    session(world, t(9), t(12))
    client.post("/language", data={"locale": "en"})
    login_as(world["manager"])

    page = log_page(client, kind="records")

    assert "Sign in" in page and "In progress → Approved" in page and "QR sign-in" in page


def test_a_record_page_shows_its_history_as_the_log_does(client, db, login_as, world):
    record = session(world, t(9), t(12))
    login_as(world["manager"])

    detail = client.get(f"/records/{record.id}").get_data(as_text=True)
    log = log_page(client, kind="records")

    for text in ("签到", "签退", "进行中 → 已通过", "0 小时 → 3 小时", "2026-03-05 12:00"):
        assert text in detail and text in log
    assert "record.sign_out" not in detail and "approved" not in detail


@pytest.mark.parametrize(
    ("subject_type", "values", "shown", "hidden"),
    [
        (
            "registration",
            {"status": "pending", "source": "national_import", "is_external": False},
            ["待核对", "全国志愿服务信息系统导入", "非本单位职工", "否"],
            [">pending<", "national_import", "False"],
        ),
        (
            "staff_member",
            {"status": "retired", "id_card": "110105********002X", "hired_on": "2001-09-01"},
            ["退休", "110105********002X", "入职日期", "2001-09-01"],
            ["retired"],
        ),
        (
            "activity",
            {"starts_at": "2026-03-05T01:00:00+00:00", "signup_required": True, "category_id": 1},
            ["2026-03-05 09:00", "需要报名", "是", "服务类别"],
            ["T01:00", "True", "category_id"],
        ),
        (
            "service_record",
            {"review_level": "manager", "review_reason": "daily_over_8", "credited_minutes": 150},
            ["单位管理员", "当日累计超过8小时", "150 分钟"],
            ["daily_over_8", "manager<"],
        ),
        (
            "unit",
            {"kind": "department", "retired_on": "2026-01-01"},
            ["科室", "撤销日期"],
            ["department"],
        ),
        ("team", {"kind": "emergency_medical"}, ["应急医疗队"], ["emergency_medical"]),
        ("volunteer_code", {"kind": "badge"}, ["胸卡"], [">badge<"]),
    ],
)
def test_stored_values_read_in_words(
    client, db, org, make_account, login_as, subject_type, values, shown, hidden
):
    record_change(
        action="unit.update",
        subject_type=subject_type,
        subject_id=None,
        unit_id=org["a"].id,
        after=values,
        actor_id=None,
    )
    db.session.commit()
    login_as(make_account("admin", Role.ADMIN, org["root"]))

    page = log_page(client)

    assert all(text in page for text in shown), [t for t in shown if t not in page]
    assert not [text for text in hidden if text in page]


def test_ids_in_changes_are_named(client, db, org, make_account, make_staff, login_as, world):
    person = make_staff(org["a1"], "赵六", "000777")
    record_change(
        action="registration.approve",
        subject_type="registration",
        subject_id=None,
        unit_id=org["a"].id,
        before={"staff_member_id": None, "unit_id": org["b1"].id},
        after={"staff_member_id": person.id, "unit_id": org["a1"].id},
        actor_id=world["manager"].id,
    )
    db.session.commit()
    login_as(world["manager"])

    page = log_page(client, kind="registrations")

    assert "— → 赵六（000777）" in page
    assert "急诊科 → 心内科" in page
    assert "mgr-a" in page  # the actor, by the name the account has
