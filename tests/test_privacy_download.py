"""My data as a file: one sheet per kind with Chinese headers, every row of the person's and no
one else's, the ID number in full only after the password, and every download in the log."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from privacy_world import ID_NUMBER, all_text, download, serve_more, workbook_of, world_fixture  # noqa: F401
from statements import sent_statements

from volunteer.audit.models import AuditEntry
from volunteer.audit.reading import read_entries
from volunteer.core.masking import mask_id_card
from volunteer.privacy.contents import SECTIONS
from volunteer.privacy.queries.person import Person
from volunteer.privacy.reading import counts_of
from volunteer.scanner.models import VolunteerCode

PASSWORD = "correct-horse-9"


def _sheets(client, login_as, account, **data) -> dict[str, list[tuple]]:
    login_as(account)
    response = download(client, **data)
    assert response.status_code == 200, response.headers.get("Location")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert response.headers["Cache-Control"] == "no-store"
    return workbook_of(response)


def _rows(sheets, title: str) -> list[dict]:
    """Return a sheet's rows as dicts by header."""
    header, *rows = sheets[title]
    return [dict(zip(header, row, strict=True)) for row in rows]


def _own_exports(db, account) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            db.select(AuditEntry)
            .where(AuditEntry.action == "export.own_data", AuditEntry.actor_id == account.id)
            .order_by(AuditEntry.id)
        )
    )


def test_the_file_has_a_cover_then_one_sheet_per_kind_with_its_headers(client, login_as, world):
    sheets = _sheets(client, login_as, world["a"])
    assert list(sheets) == ["说明", *(section.title for section in SECTIONS)]
    counts = counts_of(Person.of(world["a"]))
    for section in SECTIONS:
        header, *rows = sheets[section.title]
        assert list(header) == [field.header for field in section.fields], section.key
        assert len(rows) == counts[section.key], section.key
    # The download's own audit entry is written first, so the file shows it was taken.
    assert sheets["关于您的操作记录"][1][2] == "下载本人个人信息"
    cover = {row[0]: row[1] for row in sheets["说明"] if row and row[0]}
    assert cover["姓名"] == "王小明"
    assert "第四十五条" in cover["依据"]


def test_the_file_holds_typed_values_in_chinese(client, login_as, world):
    sheets = _sheets(client, login_as, world["a"])
    records = {row["活动名称"]: row for row in _rows(sheets, "服务记录")}
    scan, make_up = records["社区义诊"], records["健康讲座"]
    assert scan["活动编号"] == world["shared"].number
    assert scan["签到时间"] == datetime(2026, 3, 5, 9, 0)  # local time, as the pages show it
    assert scan["时长（小时）"] == 2 and scan["状态"] == "已通过" and scan["来源"] == "扫码签到"
    assert make_up["状态"] == "待审核" and make_up["审核原因"] == "补录"
    assert make_up["说明"] == "王小明忘记扫码" and make_up["登记人"] == "coord-a"
    [year] = _rows(sheets, "年度服务时长")
    assert (year["年度"], year["已通过时长"], year["待审核时长"]) == (2026, 2, 2)
    [correction] = _rows(sheets, "更正申请")
    assert correction["状态"] == "已驳回" and correction["处理人"] == "mgr-a"
    [membership] = _rows(sheets, "志愿服务队")
    assert (membership["类型"], membership["技能"]) == ("青年志愿服务队", "王小明的技能")
    codes = {row["类型"]: row for row in _rows(sheets, "个人码与胸卡")}
    assert codes["胸卡"]["作废人"] == "coord-a" and codes["手机个人码"]["作废时间"] is None
    [transfer] = _rows(sheets, "调动记录")
    assert (transfer["调出单位"], transfer["调入单位"]) == ("心内科", "第一人民医院")
    history = _rows(sheets, "关于您的操作记录")
    refused = next(row for row in history if row["操作"] == "驳回更正申请")
    assert refused["操作人"] == "mgr-a" and refused["原因"] == "与签到表一致，不予更正"
    assert "状态：已驳回" in refused["变更内容"]


def test_the_file_holds_nothing_of_the_other_person(client, login_as, world, db):
    text = all_text(_sheets(client, login_as, world["a"]))
    b = world["b"]
    for trace in (
        "赵小红",
        b.staff_member.staff_no,
        b.username,
        "13900000002",
        ID_NUMBER["b"],
        mask_id_card(ID_NUMBER["b"]),
    ):
        assert trace not in text, trace
    assert "王小明签到表.jpg" in text


def test_the_file_never_holds_a_code_key_or_a_password_hash(client, login_as, world, db):
    text = all_text(_sheets(client, login_as, world["a"]))
    keys = db.session.scalars(
        db.select(VolunteerCode.key).where(VolunteerCode.account_id == world["a"].id)
    ).all()
    assert keys and not [key for key in keys if key in text]
    assert world["a"].password_hash not in text


def test_the_plain_download_masks_the_id_number(client, login_as, world):
    sheets = _sheets(client, login_as, world["a"])
    [roster] = _rows(sheets, "职工名册")
    assert roster["身份证号"] == mask_id_card(ID_NUMBER["a"])
    assert ID_NUMBER["a"] not in all_text(sheets)


def test_the_full_id_number_comes_only_with_the_password(client, login_as, world, db):
    login_as(world["a"])
    for password in ("", "wrong-password-1"):
        refused = download(client, full_id_number="1", password=password)
        assert refused.status_code == 302 and refused.headers["Location"].endswith("/me/data")
    page = client.get("/me/data").get_data(as_text=True)
    assert "请输入登录密码" in page and "登录密码不正确" in page
    assert _own_exports(db, world["a"]) == []

    sheets = _sheets(client, login_as, world["a"], full_id_number="1", password=PASSWORD)
    [roster] = _rows(sheets, "职工名册")
    assert roster["身份证号"] == ID_NUMBER["a"]
    cover = {row[0]: row[1] for row in sheets["说明"] if row and row[0]}
    assert cover["身份证号"].startswith("完整")


@pytest.mark.parametrize("full", [False, True], ids=["masked", "full"])
def test_every_download_is_in_the_audit_log(client, login_as, world, db, full):
    data = {"full_id_number": "1", "password": PASSWORD} if full else {}
    sheets = _sheets(client, login_as, world["a"], **data)
    [entry] = _own_exports(db, world["a"])
    assert (entry.subject_type, entry.subject_id) == ("account", world["a"].id)
    assert entry.unit_id == world["a"].staff_member.unit_id
    data_rows = sum(len(rows) - 1 for title, rows in sheets.items() if title != "说明")
    # The entry counts the rows the file holds besides itself.
    assert entry.after == {"rows": data_rows - 1, "full_id_number": full}
    [readable] = read_entries([entry])
    assert readable.action == "下载本人个人信息"
    assert {change.label for change in readable.changes} == {"行数", "含完整身份证号"}


def test_the_history_shows_addresses_only_of_what_the_person_did(client, login_as, world, db):
    history = _rows(_sheets(client, login_as, world["a"]), "关于您的操作记录")
    by_manager = [row for row in history if row["操作人"] == "mgr-a"]
    by_self = [row for row in history if row["操作"] == "提交更正申请"]
    assert by_manager and by_self
    assert {row["IP 地址"] for row in by_manager} == {None}
    # Services run outside a request in the world: their entries say 命令行.
    assert {row["IP 地址"] for row in by_self} == {"命令行"}


def test_writing_the_file_takes_the_same_statements_however_much_data(
    client, login_as, world, db, make_activity
):
    login_as(world["a"])
    with sent_statements(db.engine) as few:
        assert download(client).status_code == 200
    serve_more(world, make_activity, (7, 8, 9, 10))
    with sent_statements(db.engine) as many:
        response = download(client)
        assert response.status_code == 200
    assert len(_rows(workbook_of(response), "服务记录")) == 6
    assert len(many) == len(few)


def test_hours_are_numbers_in_the_file(client, login_as, world):
    [year] = _rows(_sheets(client, login_as, world["a"]), "年度服务时长")
    assert isinstance(year["已通过时长"], int | float | Decimal)


@pytest.mark.app_config(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute")
def test_guessing_the_password_here_is_limited_per_account(app, client, login_as, world):
    login_as(world["a"])
    # Downloads answered with the file do not count toward the limit.
    assert [download(client).status_code for _ in range(3)] == [200, 200, 200]
    guesses = [
        download(client, full_id_number="1", password=f"guess-{n}").status_code for n in range(3)
    ]
    assert guesses == [302, 302, 429]
    # The limit is the account's: another person on the same address still downloads.
    other = app.test_client()
    assert (
        other.post(
            "/login", data={"identifier": world["b"].username, "password": PASSWORD}
        ).status_code
        == 302
    )
    assert download(other).status_code == 200
