"""The audit log reads as an inspector reads: words, names and local times, never codes or ids.

Entries are made by the real services (a volunteer's sign-in and sign-out, a manager's review,
role grants); the log page, its .xlsx export and the record's own page show them.
"""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from records_world import session, sign_in, t, world_fixture  # noqa: F401
from statements import sent_statements

from volunteer.audit.labels import ACTION_LABELS, CATEGORIES
from volunteer.audit.models import AuditEntry
from volunteer.audit.services import record_change
from volunteer.auth import services as auth_services
from volunteer.auth.models import Role
from volunteer.records.models import RecordSource

SHANGHAI = ZoneInfo("Asia/Shanghai")
HEADERS = ["时间", "操作人", "操作", "对象", "单位", "变更内容", "原因", "IP"]


def log_page(client, **args) -> str:
    response = client.get("/audit", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


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


def export(client, **form):
    return client.post("/audit/export.xlsx", data=form)


@pytest.mark.app_config(ROSTER_PAGE_SIZE=2)
def test_the_export_holds_every_page_of_what_is_shown_in_chinese(client, db, login_as, world):
    session(world, t(9), t(10))
    session(world, t(10, 30), t(12))
    login_as(world["manager"])
    assert "第 1 / 2 页" in log_page(client, kind="records")  # four entries, two pages
    client.post("/language", data={"locale": "en"})  # the file is Chinese whatever the pages are

    response = export(client, kind="records")

    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(BytesIO(response.data)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert "第一人民医院" in rows[0][0] and "审计日志" in rows[0][0]
    assert "类别：服务记录" in rows[1][0] and "共 4 条" in rows[1][0]
    assert rows[2] == HEADERS
    entries = rows[3:7]
    assert [row[2] for row in entries] == ["签退", "签到", "签退", "签到"]
    sign_outs = db.select(AuditEntry.at).where(AuditEntry.action == "record.sign_out")
    logged_at = db.session.scalar(sign_outs.order_by(AuditEntry.id.desc()))
    assert entries[0][0] == logged_at.astimezone(SHANGHAI).replace(tzinfo=None, microsecond=0)
    assert "签退时间：— → 2026-03-05 12:00" in entries[0][5].split("\n")
    assert "王小明" in entries[0][1] and "社区义诊" in entries[0][3]
    assert entries[0][4] == "第一人民医院"
    assert "状态：进行中 → 已通过" in entries[0][5].split("\n")
    assert rows[8][0] == "填表人："


def test_exporting_the_log_is_itself_logged(client, db, login_as, world):
    session(world, t(9), t(12))
    login_as(world["manager"])

    export(client, kind="records", person="王小明", since="2026-03-01")

    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "audit.export"))
    assert entry.actor_id == world["manager"].id
    assert entry.unit_id == world["org"]["a"].id
    assert entry.after == {
        "category": "records",
        "person": "王小明",
        "since": "2026-03-01",
        "rows": 2,
    }
    page = log_page(client, kind="exports")
    assert "导出审计日志" in page and "服务记录" in page and "王小明" in page


@pytest.mark.app_config(XLSX_RECORDS_MAX_ROWS=1)
def test_an_export_too_long_for_one_file_is_refused_and_not_logged(client, db, login_as, world):
    session(world, t(9), t(12))
    login_as(world["manager"])

    response = export(client, kind="records")

    assert response.status_code in (302, 400, 409, 422)
    assert (
        db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "audit.export")) is None
    )


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
