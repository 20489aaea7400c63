"""The checks of a record import: every bad row (a person unknown, not registered or still pending,
a name or phone that does not agree, an unknown, ambiguous or badly written activity, bad dates and
times, sessions outside the activity, overlapping, too many a day or not over yet, missing columns)
is listed with its row, column and reason, and nothing at all is written; and how times are read."""

from datetime import time

import pytest
from conftest import local_time
from import_records_world import (  # noqa: F401 - the fixtures are used by name
    DAY,
    records,
    rejected,
    row,
    world_fixture,
)

from volunteer.records.importing.rows import parse_time
from volunteer.records.services import entries
from volunteer.registration.models import Registration, RegistrationStatus


def test_staff_no_and_phone_given_together_must_agree(db, world):
    ok = row(world["zhang"], world["clinic"], phone="13900000001")
    wrong = row(world["zhang"], world["clinic"], "12:00", "13:00", phone="13900000002")
    assert rejected([ok, wrong]) == [(3, "手机号", "手机号与工号 T00001 的登记不一致")]


def test_an_ambiguous_title_names_the_candidates(db, world, org, make_activity):
    twin = make_activity(org["b"], "社区义诊", starts_at=local_time(2026, 3, 5, 8, 0), hours=4)
    header = ["姓名", "工号", "活动名称", "日期", "开始时间", "结束时间"]
    errors = rejected(
        [["张三", world["zhang"].username, "社区义诊", DAY, "09:00", "10:00"]], header
    )
    numbers = f"{world['clinic'].number}、{twin.number}"
    assert errors == [(2, "活动名称", f"有多个同名活动（{numbers}），请填写活动编号")]


def test_every_kind_of_bad_row_is_listed_and_nothing_is_written(db, world, org, make_staff):
    zhang, clinic, talk = world["zhang"], world["clinic"], world["talk"]
    entries.import_session(
        account=world["li"],
        activity=clinic,
        begin=local_time(2026, 3, 5, 9, 0),
        end=local_time(2026, 3, 5, 10, 0),
        import_key="earlier",
        by=None,
    )
    db.session.commit()
    li = world["li"]
    rows = [
        ["赵六", "NOBODY", "", clinic.number, DAY, "09:00", "10:00"],  # 2 unknown 工号
        ["王五", "W00001", "", clinic.number, DAY, "09:00", "10:00"],  # 3 not registered
        ["张叁", zhang.username, "", clinic.number, DAY, "09:00", "10:00"],  # 4 name mismatch
        ["张三", zhang.username, "", "HD999999", DAY, "09:00", "10:00"],  # 5 unknown activity
        ["张三", zhang.username, "", "X12", DAY, "09:00", "10:00"],  # 6 bad number
        ["张三", zhang.username, "", clinic.number, "3月5日", "09:00", "10:00"],  # 7 bad date
        ["张三", zhang.username, "", clinic.number, DAY, "9点半", "10:00"],  # 8 bad time
        ["张三", zhang.username, "", talk.number, DAY, "09:00", "10:00"],  # 9 outside
        ["张三", zhang.username, "", clinic.number, DAY, "12:00", "11:00"],  # 10 end first
        ["张三", zhang.username, "", clinic.number, DAY, "13:00", "15:00"],  # 11
        ["张三", zhang.username, "", clinic.number, DAY, "14:00", "16:00"],  # 12 overlaps 11
        [
            li.staff_member.name,
            li.username,
            "",
            clinic.number,
            DAY,
            "09:30",
            "10:30",
        ],  # 13 existing
        ["", zhang.username, "", clinic.number, DAY, "09:00", "10:00"],  # 14 no name
        ["张三", "", "", clinic.number, DAY, "09:00", "10:00"],  # 15 no 工号 nor phone
    ]
    errors = rejected(rows)

    by_row = {number: (column, reason) for number, column, reason in errors}
    assert by_row[2] == ("工号", "工号不在花名册中")
    assert by_row[3] == ("工号", "该职工尚未注册为志愿者")
    assert by_row[4] == ("姓名", f"姓名与花名册不一致（工号 {zhang.username}）")
    assert by_row[5] == ("活动编号", "活动编号不存在")
    assert by_row[6] == ("活动编号", "活动编号格式应为 HD000123")
    assert by_row[7][0] == "日期"
    assert by_row[8] == ("开始时间", "时间无法识别，请写成 09:30")
    assert by_row[9][0] == "开始时间" and by_row[9][1].startswith("服务时间不在活动时间内")
    assert by_row[10] == ("结束时间", "结束时间早于开始时间，且该活动不跨午夜。")
    assert by_row[12] == ("开始时间", "与第 11 行是同一人的重叠时间")
    assert by_row[13][0] == "开始时间" and "重叠" in by_row[13][1]
    assert by_row[14] == ("姓名", "姓名不能为空")
    assert by_row[15] == ("工号", "工号和手机号至少填写一项")
    assert 11 not in by_row
    db.session.rollback()
    assert [r.import_key for r in records(db)] == ["earlier"]


def test_too_many_sessions_a_day_at_one_activity(db, world):
    rows = [
        row(world["zhang"], world["clinic"], f"{h:02d}:00", f"{h:02d}:30") for h in (8, 9, 10, 11)
    ]
    errors = rejected(rows)
    assert errors == [(5, "开始时间", "同一活动每天最多签到3次。")]


def test_a_pending_registration_cannot_serve(db, world):
    registration = db.session.scalar(
        db.select(Registration).where(Registration.account_id == world["zhang"].id)
    )
    registration.status = RegistrationStatus.PENDING
    db.session.commit()
    assert rejected([row(world["zhang"], world["clinic"])]) == [
        (2, "工号", "该志愿者的注册尚待管理员核对")
    ]


def test_a_session_not_over_yet_is_refused(db, world, org, make_activity):
    today = make_activity(org["a"], "今日导诊")  # began an hour ago, runs three hours
    begin = today.starts_at.astimezone(local_time(2026, 1, 1).tzinfo)
    header = ["姓名", "工号", "活动编号", "日期", "开始时间", "时长"]
    line = [
        "张三",
        world["zhang"].username,
        today.number,
        f"{begin:%Y-%m-%d}",
        f"{begin:%H:%M}",
        "2",
    ]
    assert rejected([line], header) == [(2, "时长", "服务尚未结束，不能导入")]


def test_missing_columns_are_named(db, world):
    header = ["姓名", "日期", "开始时间"]
    errors = rejected([["张三", DAY, "09:00"]], header)
    assert [column for _row, column, _reason in errors] == ["工号", "活动编号", "结束时间"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9:30", time(9, 30)),
        ("09:30:00", time(9, 30)),
        ("9：30", time(9, 30)),
        ("1899-12-30 14:05:00", time(14, 5)),
        ("0.5", time(12, 0)),
        ("25:00", None),
        ("abc", None),
        ("1.5", None),
    ],
)
def test_parse_time(text, expected):
    assert parse_time(text) == expected
