"""An activity's sign-in sheet (签到表), read back: every signed-in person with their times.

The activity runs 09:00–12:00 on 5 March at 心内科 of 第一人民医院:

  王小明  心内科  09:00–12:00  3 h    已通过
  赵堃    心内科  09:30–11:00  1.5 h  待审核
  欧阳䶮  急诊科  10:00–        open   未签退
  钱五    心内科  09:00–10:00  1 h    未通过 (rejected: listed, not counted)
  周七    心内科  voided: not on the sheet
  校外志愿者 (an account without a roster entry) 09:15–12:00  2.5 h  已通过
"""

from __future__ import annotations

import re
import subprocess
from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from conftest import local_time
from openpyxl import load_workbook
from statements import sent_statements

from volunteer.auth.models import Account, Role
from volunteer.clock import local_zone
from volunteer.documents.data import SIGN_IN_HEADERS, SignInRow, SignInSheet
from volunteer.documents.sign_in_sheet import render_sign_in_sheet
from volunteer.records.models import RecordSource, RecordStatus, ServiceRecord
from volunteer.records.queries.sign_in_sheet import sign_in_rows
from volunteer.reports import sheets

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
START = (2026, 3, 5, 9, 0)


def _record(db, account, activity, begin, end, hours, status=RecordStatus.APPROVED) -> None:
    db.session.add(
        ServiceRecord(
            account_id=account.id,
            activity_id=activity.id,
            source=RecordSource.SELF_SCAN,
            status=status,
            signed_in_at=begin,
            signed_out_at=end,
            service_date=begin.astimezone(local_zone()).date(),
            credited_minutes=int(Decimal(hours) * 60),
            hours=Decimal(hours),
        )
    )


def at(hour: int, minute: int = 0):
    return local_time(2026, 3, 5, hour, minute)


@pytest.fixture
def world(db, org, make_volunteer, make_activity, make_account):
    activity = make_activity(
        org["a1"], "社区义诊", starts_at=local_time(*START), contact="李建国 13800138000"
    )
    people = {
        name: make_volunteer(unit, name)
        for name, unit in (
            ("王小明", org["a1"]),
            ("赵堃", org["a1"]),
            ("欧阳䶮", org["b1"]),
            ("钱五", org["a1"]),
            ("周七", org["a1"]),
        )
    }
    people["校外志愿者"] = make_account(
        "outsider", Role.VOLUNTEER, org["a"], display_name="校外志愿者"
    )
    _record(db, people["王小明"], activity, at(9), at(12), "3")
    _record(db, people["赵堃"], activity, at(9, 30), at(11), "1.5", RecordStatus.NEEDS_REVIEW)
    _record(db, people["欧阳䶮"], activity, at(10), None, "0", RecordStatus.OPEN)
    _record(db, people["钱五"], activity, at(9), at(10), "1", RecordStatus.REJECTED)
    _record(db, people["周七"], activity, at(9), at(12), "3", RecordStatus.VOID)
    _record(db, people["校外志愿者"], activity, at(9, 15), at(12), "2.5")
    db.session.commit()
    return {
        "activity": activity,
        "people": people,
        "coordinator": make_account("coord-a", Role.COORDINATOR, org["a1"]),
        "manager_b": make_account("mgr-b", Role.MANAGER, org["b"]),
    }


def pdf_text(pdf: bytes) -> str:
    command = ["pdftotext", "-layout", "-", "-"]
    return subprocess.run(command, input=pdf, capture_output=True, check=True).stdout.decode()


def squeezed(text: str) -> str:
    """The text without spaces (pdftotext keeps or drops those between Chinese characters)."""
    return re.sub(r"\s+", "", text)


def line_of(text: str, name: str) -> str:
    """The one line of the page that holds the name (its row of the table)."""
    lines = [line for line in text.splitlines() if name in line]
    assert len(lines) == 1, (name, lines)
    return re.sub(r"\s+", " ", lines[0]).strip()


EXPECTED_ROWS = [  # name, department, sign-in, sign-out, hours, status
    ("王小明", "心内科", "09:00", "12:00", "3", "已通过"),
    ("钱五", "心内科", "09:00", "10:00", "1", "未通过"),
    ("校外志愿者", "", "09:15", "12:00", "2.5", "已通过"),
    ("赵堃", "心内科", "09:30", "11:00", "1.5", "待审核"),
    ("欧阳䶮", "急诊科", "10:00", "", "", "未签退"),
]


def test_the_pdf_lists_every_signed_in_person_with_their_times_hours_and_status(
    client, login_as, world
):
    login_as(world["coordinator"])
    activity = world["activity"]

    response = client.get(f"/activities/{activity.id}/sign-in-sheet.pdf")

    assert (response.status_code, response.mimetype) == (200, "application/pdf")
    assert "no-store" in response.headers["Cache-Control"]
    assert f"sign-in-{activity.number}.pdf" in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    assert "志 愿 服 务 活 动 签 到 表" in text or "志愿服务活动签到表" in text
    for fact in (
        "社区义诊",
        activity.number,
        "2026-03-05 09:00–12:00",
        "门诊大厅",
        "第一人民医院 心内科",
        "李建国 13800138000",
    ):
        assert fact in text, fact
    assert "周七" not in text  # voided
    for number, (name, department, begin, end, hours, status) in enumerate(EXPECTED_ROWS, 1):
        cells = [str(number), name, department, begin, end, hours, status]
        assert line_of(text, name) == " ".join(cell for cell in cells if cell)
    assert "合计：5 人，5 人次；服务时长 7 小时（已通过 5.5 小时，待审核 1.5 小时）" in text
    for label in ("活动负责人（签字）：", "经办人：", "单位（盖章）：", "日期："):
        assert label in text
    assert "第1页共1页" in squeezed(text)


def test_the_workbook_holds_the_same_rows_and_the_signature_lines(client, login_as, world):
    login_as(world["coordinator"])
    activity = world["activity"]
    page = client.get(f"/activities/{activity.id}/records").get_data(as_text=True)
    assert f"/activities/{activity.id}/sign-in-sheet.xlsx" in page
    assert f"/activities/{activity.id}/sign-in-sheet.pdf" in page

    response = client.get(f"/activities/{activity.id}/sign-in-sheet.xlsx")

    assert response.status_code == 200
    assert response.mimetype == XLSX
    sheet = load_workbook(BytesIO(response.data)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "志愿服务活动签到表"
    facts = {row[0]: row[1] for row in rows[1:7]}
    assert facts["活动编号"] == activity.number
    assert facts["组织单位"] == "第一人民医院 心内科"
    assert facts["负责人/联系人"] == "李建国 13800138000"
    assert tuple(rows[7]) == SIGN_IN_HEADERS
    assert sheet.print_title_rows == "$8:$8"  # the header row repeats on every printed page
    assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"
    body = rows[8:13]
    for number, (row, expected) in enumerate(zip(body, EXPECTED_ROWS, strict=True), 1):
        name, department, begin, end, hours, status = expected
        assert row[:5] == [number, name, department or None, begin, end or None]
        assert row[5] == (float(hours) if hours else None)
        assert row[6:] == [status, None]
    assert rows[13][0].startswith("合计：5 人，5 人次")
    labels = [cell for row in rows[14:] for cell in row if cell]
    assert labels == ["活动负责人（签字）：", "经办人：", "单位（盖章）：", "日期："]


def test_sixty_people_continue_over_pages_with_the_header_repeated(
    db, client, login_as, org, make_staff, make_activity, make_account
):
    activity = make_activity(org["a1"], "全院大型义诊", starts_at=local_time(*START), hours=8)
    for n in range(60):
        person = make_staff(org["a1"], f"志愿者{n:02d}号")
        account = Account(
            username=f"v{n}", display_name=person.name, password_hash="x", staff_member=person
        )
        db.session.add(account)
        db.session.flush()
        begin = at(9) + timedelta(minutes=n)
        _record(db, account, activity, begin, begin + timedelta(hours=2), "2")
    db.session.commit()
    login_as(make_account("coord", Role.COORDINATOR, org["a1"]))

    pdf = client.get(f"/activities/{activity.id}/sign-in-sheet.pdf").data

    pages = pdf_text(pdf).split("\f")[:-1]
    assert len(pages) >= 3
    for number, page in enumerate(pages, 1):
        assert f"第{number}页共{len(pages)}页" in squeezed(page)
        assert "签到时间" in page and "签退时间" in page and "签名" in page
    listed = [name for page in pages for name in re.findall(r"志愿者\d\d号", page)]
    assert listed == [f"志愿者{n:02d}号" for n in range(60)]
    assert "活动名称" in pages[0] and "活动名称" not in pages[1]
    assert all("单位（盖章）" not in page for page in pages[:-1])
    assert "单位（盖章）" in pages[-1] and "合计：60人，60人次；服务时长120小时" in squeezed(
        pages[-1]
    )


def test_rare_characters_of_names_come_out_intact(client, login_as, world):
    login_as(world["coordinator"])  # the embedded font's subset holds 䶮 and 堃
    text = pdf_text(client.get(f"/activities/{world['activity'].id}/sign-in-sheet.pdf").data)
    assert "欧阳䶮" in text and "赵堃" in text


@pytest.mark.parametrize("extension", ["pdf", "xlsx"])
def test_another_hospitals_manager_and_a_volunteer_are_refused(client, login_as, world, extension):
    url = f"/activities/{world['activity'].id}/sign-in-sheet.{extension}"
    assert client.get(url).status_code == 302  # to the login page
    login_as(world["manager_b"])
    assert client.get(url).status_code == 403
    client.post("/logout")
    login_as(world["people"]["王小明"])
    assert client.get(url).status_code == 403
    assert client.get(f"/activities/999999/sign-in-sheet.{extension}").status_code == 404


def test_the_rows_are_read_in_one_statement(app, db, world):
    activity_id = world["activity"].id
    with sent_statements(db.engine) as statements:
        rows = sign_in_rows(activity_id)
    assert len(rows) == 5
    assert len(statements) == 1


def test_the_request_costs_the_same_for_two_people_or_twenty(
    app, db, client, login_as, org, make_staff, make_activity, make_account
):
    """No statement per row: a sheet of twenty costs what a sheet of two does."""
    login_as(make_account("coord", Role.COORDINATOR, org["a1"]))
    counts = []
    for size in (2, 20):
        activity = make_activity(org["a1"], f"义诊{size}", starts_at=local_time(*START))
        for n in range(size):
            person = make_staff(org["a1"] if n % 2 else org["b1"], f"人{size}-{n}")
            account = Account(
                username=f"p{size}-{n}", display_name="x", password_hash="x", staff_member=person
            )
            db.session.add(account)
            db.session.flush()
            _record(db, account, activity, at(9), at(11), "2")
        db.session.commit()
        for extension in ("pdf", "xlsx"):
            with sent_statements(db.engine) as statements:
                response = client.get(f"/activities/{activity.id}/sign-in-sheet.{extension}")
            assert response.status_code == 200
            counts.append(len(statements))
    assert counts[:2] == counts[2:]


def test_every_upward_workbook_ends_with_the_units_seal_line():
    """填表人 / 负责人 / 单位（盖章） / 日期 under the summary, people, records and audit sheets."""
    for write, columns in (
        (lambda out: sheets.summary_workbook(out, "标题", [None] * 12, []), sheets.SUMMARY_COLUMNS),
        (lambda out: sheets.people_workbook(out, "标题", []), sheets.PEOPLE_COLUMNS),
        (lambda out: sheets.records_workbook(out, "标题", []), sheets.RECORD_COLUMNS),
        (lambda out: sheets.audit_workbook(out, "标题", []), sheets.AUDIT_COLUMNS),
    ):
        buffer = BytesIO()
        write(buffer)
        *_, blank, signature = load_workbook(buffer).active.iter_rows(values_only=True)
        assert set(blank) == {None} and len(signature) == len(columns)
        assert [cell for cell in signature if cell] == [
            "填表人：",
            "负责人：",
            "单位（盖章）：",
            "日期：",
        ]


@pytest.mark.parametrize("count", [0, 16, 17, 22, 23, 44])
def test_the_signatures_never_stand_alone_on_a_page(count):
    """Where the last rows fill a page, some move over so the totals and signatures follow them."""
    rows = [
        SignInRow(f"人员{n:02d}", "急诊科", "09:00", "12:00", "3", "已通过") for n in range(count)
    ]
    sheet = SignInSheet("义诊", "HD000001", "2026-03-05 09:00–12:00", "门诊大厅", "第一人民医院",
                        "", rows, count, "0", "0", "0")  # fmt: skip

    pages = pdf_text(render_sign_in_sheet(sheet)).split("\f")[:-1]

    listed = [name for page in pages for name in re.findall(r"人员\d\d", page)]
    assert listed == [row.name for row in rows]
    assert ["单位（盖章）" in page for page in pages] == [False] * (len(pages) - 1) + [True]
    if count:
        assert re.search(r"人员\d\d", pages[-1])
