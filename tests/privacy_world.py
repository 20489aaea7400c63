"""The world the "my data" tests share: two volunteers of one department who served at the same
activities, filed corrections, signed up, joined one team and got codes, so that every kind of
data exists for both and any row of the other person's would show.

Test modules import `world_fixture` (named "world") and the helpers they use.
"""

from __future__ import annotations

import io
import secrets
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from records_world import t

from volunteer.activities.models import TeamKind
from volunteer.activities.services.signups import sign_up
from volunteer.auth.models import DeviceLogin, Role
from volunteer.clock import local_today, utc_now
from volunteer.extensions import db
from volunteer.people.services.transfers import transfer_staff_member
from volunteer.records.models import RecordSource
from volunteer.records.services import corrections, entries, sessions
from volunteer.scanner.services import codes
from volunteer.teams.services import add_team_member, create_team

ID_NUMBER = {"a": "110101199003071234", "b": "320102198805164321"}


def _serve(person, activity, begin, end):
    sessions.record_sign_in(
        account=person, activity=activity, source=RecordSource.SELF_SCAN, by=None, at=begin
    )
    return sessions.record_sign_out(account=person, activity=activity, by=None, at=end)


def _person_data(person, tag, world):
    """Give one person a row of every kind, each carrying the person's `tag` where it can."""
    record = _serve(person, world["shared"], t(9), t(11))
    entries.enter_make_up(
        account=person,
        activity=world["talk"],
        begin=t(14),
        end=t(16),
        reason=f"{tag}忘记扫码",
        evidence_note=None,
        by=world["coordinator"],
        attachment=(f"{tag}签到表.jpg", "image/jpeg", b"\xff\xd8jpeg"),
    )
    correction = corrections.request_correction(
        account=person, record=record, message=f"{tag}：签退时间应为 12:00"
    )
    sign_up(activity=world["future"], account=person)
    add_team_member(team=world["team"], account=person, by=world["manager"], skills=f"{tag}的技能")
    codes.phone_code_for(person)
    db.session.add(
        DeviceLogin(
            key_hash=secrets.token_hex(32),
            account_id=person.id,
            user_agent=f"{tag}的手机浏览器",
            address="10.0.0.8",
        )
    )
    return record, correction


@pytest.fixture(name="world")
def world_fixture(db, org, make_volunteer, make_activity, make_account):
    """王小明 (a) and 赵小红 (b), both of 心内科, with data of every kind."""
    world = {
        "org": org,
        "a": make_volunteer(org["a1"], "王小明", id_card=ID_NUMBER["a"], phone="13900000001"),
        "b": make_volunteer(org["a1"], "赵小红", id_card=ID_NUMBER["b"], phone="13900000002"),
        "coordinator": make_account("coord-a", Role.COORDINATOR, org["a"]),
        "manager": make_account("mgr-a", Role.MANAGER, org["a"]),
        "shared": make_activity(org["a"], "社区义诊", starts_at=t(9), hours=3),
        "talk": make_activity(org["a"], "健康讲座", starts_at=t(14), hours=2),
        "future": make_activity(
            org["a"], "无偿献血", starts_at=utc_now() + timedelta(days=7), hours=2
        ),
    }
    world["team"] = create_team(
        name="青年志愿服务队", kind=TeamKind.YOUTH, unit=org["a"], description=None, by=None
    )
    for key in ("a", "b"):
        world[f"record_{key}"], world[f"correction_{key}"] = _person_data(
            world[key], "王小明" if key == "a" else "赵小红", world
        )
    corrections.reject_correction(
        world["correction_a"], by=world["manager"], reason="与签到表一致，不予更正"
    )
    badges = codes.issue_badges(accounts=[world["a"], world["b"]], by=world["coordinator"])
    codes.revoke_badge(badges[0], by=world["coordinator"], reason="胸卡遗失")
    transfer_staff_member(
        person=world["a"].staff_member,
        to_unit=org["a"],
        effective_on=local_today(),
        reason="轮岗",
        actor=world["manager"],
    )
    db.session.commit()
    return world


def download(client, **data):
    """Post the download form; return the response."""
    return client.post("/me/data.xlsx", data={"full_id_number": "", "password": "", **data})


def workbook_of(response) -> dict[str, list[tuple]]:
    """Open a downloaded file with openpyxl: each sheet's rows, by sheet name."""
    book = load_workbook(io.BytesIO(response.data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def all_text(sheets: dict[str, list[tuple]]) -> str:
    """Join every cell of a workbook, to look for what must not be in it."""
    return "\n".join(
        str(value) for rows in sheets.values() for row in rows for value in row if value is not None
    )


def serve_more(world, make_activity, hours) -> None:
    """Give person a one-hour session at a new activity starting at each of `hours` on day 12."""
    for hour in hours:
        activity = make_activity(
            world["org"]["a"], f"导诊{hour}", starts_at=t(hour, day=12), hours=1
        )
        _serve(world["a"], activity, activity.starts_at, activity.ends_at)
    db.session.commit()
