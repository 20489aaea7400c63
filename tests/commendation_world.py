"""The world the commendation tests share: a commission, two hospitals, volunteers with hours.

Hospital A has four registered volunteers (two with a year's hours above the target), one staff
member who never registered, and its manager; hospital B has one volunteer and its manager; the
commission has its administrator and a reviewer (a manager of the whole organisation).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from io import BytesIO
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from progress_people_world import add_record
from sqlalchemy import select

from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Role
from volunteer.clock import local_zone
from volunteer.commendation.services import campaigns, nominations, objections
from volunteer.extensions import db
from volunteer.records.totals import refresh_person_year

YEAR = 2026
PASSWORD = "correct-horse-9"
SHANGHAI = ZoneInfo("Asia/Shanghai")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def serve(account, activity, day: date, hours: str) -> None:
    """Add one approved session of `hours` on `day` and bring the person's totals up to date."""
    add_record(db, account, activity, day, hours)
    db.session.flush()
    refresh_person_year(account.id, day.year)
    db.session.commit()


@dataclass
class World:
    org: dict
    admin: object
    reviewer: object
    manager_a: object
    manager_b: object
    people: dict


@pytest.fixture(name="world")
def world_fixture(db, org, make_volunteer, make_staff, make_account, make_activity) -> World:
    activity = make_activity(
        org["a"], "门诊导医", starts_at=datetime(2026, 3, 2, 9, tzinfo=local_zone())
    )
    people = {
        "wang": make_volunteer(org["a1"], "王小明"),
        "zhao": make_volunteer(org["a1"], "赵䶮"),
        "qian": make_volunteer(org["a"], "钱多多"),
        "sun": make_volunteer(org["a1"], "孙少"),
        "zhou": make_volunteer(org["b1"], "周堃"),
    }
    people["unregistered"] = make_staff(org["a1"], "吴未注册", "U0001")
    serve(people["wang"], activity, date(2026, 3, 2), "60")
    serve(people["wang"], activity, date(2025, 6, 1), "40.5")
    serve(people["zhao"], activity, date(2026, 4, 2), "52")
    serve(people["qian"], activity, date(2026, 5, 2), "50")
    serve(people["sun"], activity, date(2026, 5, 3), "20")
    serve(people["zhou"], activity, date(2026, 5, 4), "70")
    return World(
        org=org,
        admin=make_account("admin", Role.ADMIN, org["root"], display_name="系统管理员"),
        reviewer=make_account("reviewer", Role.MANAGER, org["root"], display_name="委审核人"),
        manager_a=make_account("mgr-a", Role.MANAGER, org["a"], display_name="一院管理员"),
        manager_b=make_account("mgr-b", Role.MANAGER, org["b"], display_name="二院管理员"),
        people=people,
    )


def open_campaign(world, *, kind="number", value="2", deadline=date(2026, 12, 10), **fields):
    """Open the 2026 campaign through the service, as the administrator."""
    from volunteer.commendation.models import QuotaKind

    campaign = campaigns.open_campaign(
        year=YEAR,
        title=fields.pop("title", "2026年度优秀志愿者评选"),
        min_hours=Decimal(fields.pop("min_hours", "48")),
        quota_kind=QuotaKind(kind),
        quota_value=Decimal(value),
        nomination_deadline=deadline,
        notice_days=fields.pop("notice_days", 5),
        by=world.admin,
    )
    db.session.commit()
    return campaign


def nominate(
    world, campaign, who: str, *, unit="a", by=None, citation="长期坚持门诊导医服务。", upload=None
):
    staff_no = world.people[who].username
    nomination = nominations.nominate(
        campaign,
        world.org[unit],
        identifier=staff_no,
        citation=citation,
        upload=upload,
        by=by or (world.manager_a if unit == "a" else world.manager_b),
    )
    db.session.commit()
    return nomination


def review(world, nomination, *, approve=True, reason=None):
    nominations.review_nomination(nomination, approve=approve, reason=reason, by=world.reviewer)
    db.session.commit()


def publish(world, campaign):
    campaigns.close_nominations(campaign, by=world.admin)
    campaigns.publish_list(campaign, by=world.admin)
    db.session.commit()


def object_to(nomination, account, name="李检举", contact="13900001111"):
    objection = objections.raise_objection(
        nomination, real_name=name, contact=contact, content="该同志的服务时长有出入。", by=account
    )
    db.session.commit()
    return objection


def on_day(monkeypatch, day: date) -> None:
    """Let the commendation services see `day` as today (noon, local time)."""
    moment = datetime.combine(day, time(12), tzinfo=SHANGHAI).astimezone(UTC)
    fake = SimpleNamespace(local_today=lambda: day, utc_now=lambda: moment)
    for module in (campaigns, nominations, objections):
        monkeypatch.setattr(module, "clock", fake)


def client_of(app, account):
    client = app.test_client()
    response = client.post("/login", data={"identifier": account.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def actions(subject_type: str | None = None) -> list[str]:
    query = select(AuditEntry.action).where(AuditEntry.action.startswith("commendation."))
    if subject_type:
        query = query.where(AuditEntry.subject_type == subject_type)
    return list(db.session.scalars(query.order_by(AuditEntry.id)))


def workbook_rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(BytesIO(content), read_only=True).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
