"""The whole commendation path, as the people in it do it: open, nominate, review, publish,
object, resolve, finalise, then the list as .xlsx and the honour certificates as one PDF."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from commendation_world import (  # noqa: F401
    PNG,
    actions,
    client_of,
    nominate,
    object_to,
    on_day,
    open_campaign,
    pdf_text,
    publish,
    review,
    workbook_rows,
    world_fixture,
)
from sqlalchemy import select

from volunteer.audit.models import AuditEntry
from volunteer.commendation.models import (
    Campaign,
    CampaignStatus,
    Nomination,
    NominationStatus,
    ObjectionStatus,
)
from volunteer.commendation.services import campaigns
from volunteer.errors import DomainError
from volunteer.reports.sheets import SIGNATURE_LABELS

OPENED = date(2026, 12, 2)  # a Wednesday


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    on_day(monkeypatch, OPENED)


def test_the_administrator_opens_a_campaign_with_a_number_per_unit(app, world, db):
    client = client_of(app, world.admin)
    form = client.get("/commendation/new").get_data(as_text=True)
    assert 'value="48"' in form  # the year's target is the default hours
    response = client.post(
        "/commendation/new",
        data={
            "year": "2026",
            "title": "2026年度优秀志愿者评选",
            "min_hours": "48",
            "quota_kind": "number",
            "quota_value": "2",
            "nomination_deadline": "2026-12-10",
            "notice_days": "5",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    campaign = db.session.scalar(select(Campaign))
    assert campaign.status is CampaignStatus.OPEN
    assert {q.unit.code: q.places for q in campaign.quotas} == {"H-A": 2, "H-B": 2}
    assert actions() == ["commendation.open"]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "commendation.open"))
    assert entry.actor_id == world.admin.id
    assert entry.after["places"] == {"H-A": 2, "H-B": 2}


@pytest.mark.parametrize(
    ("percent", "places_a", "places_b"),
    [("50", 2, 1), ("25", 1, 1), ("80", 3, 1), ("100", 4, 1)],
)
def test_a_share_gives_places_by_registered_volunteers_rounded_down(
    world, percent, places_a, places_b
):
    # Hospital A has four registered volunteers (the unregistered staff member does not count),
    # hospital B one: a share of it rounds down, but a unit with volunteers keeps one place.
    campaign = open_campaign(world, kind="share", value=percent)
    places = {q.unit.code: (q.registered, q.places) for q in campaign.quotas}
    assert places == {"H-A": (4, places_a), "H-B": (1, places_b)}


def test_a_manager_nominates_with_hours_filled_in_and_an_attachment(app, world, db):
    campaign = open_campaign(world)
    client = client_of(app, world.manager_a)
    page = client.get(f"/commendation/{campaign.id}/units/{world.org['a'].id}")
    text = page.get_data(as_text=True)
    assert "王小明" in text and "孙少" not in text  # candidates: only those with the hours
    response = client.post(
        f"/commendation/{campaign.id}/units/{world.org['a'].id}",
        data={
            "staff_no": world.people["wang"].username,
            "citation": "十年如一日坚持门诊导医。\r\n带动科室同事参加。",
            "attachment": (BytesIO(PNG), "照片.jpeg"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    nomination = db.session.scalar(select(Nomination))
    assert (nomination.name, nomination.year_hours, nomination.cumulative_hours) == (
        "王小明",
        Decimal("60.0"),
        Decimal("100.5"),
    )
    assert nomination.department.name == "心内科"
    assert nomination.citation == "十年如一日坚持门诊导医。\n带动科室同事参加。"
    # The type is the one its bytes show, whatever the name said.
    assert (nomination.attachment_name, nomination.attachment_type) == ("照片.png", "image/png")
    download = client.get(f"/commendation/nominations/{nomination.id}/attachment")
    assert download.data == PNG
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert actions() == ["commendation.open", "commendation.nominate"]


def test_the_whole_path_with_objections_ends_in_a_final_list(app, world, db, monkeypatch, tmp_path):
    campaign = open_campaign(world)
    wang, zhao = nominate(world, campaign, "wang"), nominate(world, campaign, "zhao")
    zhou = nominate(world, campaign, "zhou", unit="b")

    # The level above reviews: a rejection needs its reason.
    with pytest.raises(DomainError, match="原因"):
        review(world, zhao, approve=False)
    db.session.rollback()
    reviewer = client_of(app, world.reviewer)
    assert reviewer.post(f"/commendation/nominations/{wang.id}/approve").status_code == 302
    assert reviewer.post(f"/commendation/nominations/{zhao.id}/approve").status_code == 302
    refused = reviewer.post(
        f"/commendation/nominations/{zhou.id}/reject", data={"reason": "事迹不具体"}
    )
    assert refused.status_code == 302
    db.session.expire_all()
    assert [n.status for n in (wang, zhao, zhou)] == [
        NominationStatus.APPROVED,
        NominationStatus.APPROVED,
        NominationStatus.REJECTED,
    ]
    assert zhou.review_reason == "事迹不具体"

    # Published on Wednesday 2 December: five working days end on Tuesday the 8th.
    publish(world, campaign)
    assert (campaign.notice_starts_on, campaign.notice_ends_on) == (
        date(2026, 12, 2),
        date(2026, 12, 8),
    )
    volunteer_b = client_of(app, world.people["zhou"])
    notice = volunteer_b.get(f"/commendation/{campaign.id}/notice").get_data(as_text=True)
    assert "王小明" in notice and "赵䶮" in notice and "周堃" not in notice
    assert "2026-12-02 至 2026-12-08" in notice

    # Two objections, through the page: one upheld (withdrawn), one dismissed.
    objector = world.people["sun"]
    sent = client_of(app, objector).post(
        f"/commendation/{campaign.id}/objections",
        data={
            "nomination_id": wang.id,
            "real_name": "孙实名",
            "contact": "13912345678",
            "content": "时长中有重复登记。",
        },
    )
    assert sent.status_code == 302, sent.get_data(as_text=True)
    db.session.expire_all()
    [first] = wang.objections
    second = object_to(zhao, world.people["qian"], name="钱实名", contact="qian@example.cn")

    # Nobody but the reviewers learns who objected: not the nominee, not other viewers.
    for account in (world.people["wang"], world.people["zhou"], world.manager_a):
        page = client_of(app, account).get(f"/commendation/{campaign.id}/notice")
        text = page.get_data(as_text=True)
        assert "孙实名" not in text and "13912345678" not in text and "钱实名" not in text
    manager_page = client_of(app, world.manager_a).get(f"/commendation/{campaign.id}")
    assert "孙实名" not in manager_page.get_data(as_text=True)
    reviewer_page = reviewer.get(f"/commendation/{campaign.id}").get_data(as_text=True)
    assert "孙实名" in reviewer_page and "13912345678" in reviewer_page

    # Open objections and an unfinished period both stop the list from becoming final.
    on_day(monkeypatch, date(2026, 12, 9))
    with pytest.raises(DomainError, match="异议"):
        campaigns.finalise_list(campaign, by=world.admin)
    db.session.rollback()
    on_day(monkeypatch, date(2026, 12, 8))
    resolved = reviewer.post(
        f"/commendation/objections/{first.id}/resolve",
        data={"decision": "withdraw", "note": "经核实时长重复，撤销提名。"},
    )
    assert resolved.status_code == 302
    assert (
        reviewer.post(
            f"/commendation/objections/{second.id}/resolve",
            data={"decision": "keep", "note": "经核实无误，维持提名。"},
        ).status_code
        == 302
    )
    db.session.expire_all()
    assert (first.status, second.status) == (ObjectionStatus.UPHELD, ObjectionStatus.DISMISSED)
    assert (wang.status, zhao.status) == (NominationStatus.WITHDRAWN, NominationStatus.APPROVED)
    with pytest.raises(DomainError, match="2026-12-08"):
        campaigns.finalise_list(campaign, by=world.admin)
    db.session.rollback()

    on_day(monkeypatch, date(2026, 12, 9))
    campaigns.finalise_list(campaign, by=world.admin)
    db.session.commit()
    assert campaign.status is CampaignStatus.FINAL
    assert zhao.honour_serial == "WJW-2026-YX001"

    sheet = reviewer.get(f"/commendation/{campaign.id}/list.xlsx")
    assert sheet.status_code == 200
    rows = workbook_rows(sheet.data)
    assert rows[1] == (
        "单位",
        "姓名",
        "科室",
        "年度服务时长（小时）",
        "累计服务时长（小时）",
        "主要事迹",
    )
    assert rows[2] == ("第一人民医院", "赵䶮", "心内科", 52, 52, "长期坚持门诊导医服务。")
    # The signature block every workbook sent up carries, under a blank line.
    assert [cell for cell in rows[-1] if cell] == list(SIGNATURE_LABELS)
    assert len(rows) == 5 and not any(rows[3])

    pdf = reviewer.post(f"/commendation/{campaign.id}/honours.pdf", data={"nomination": zhao.id})
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = pdf_text(pdf.data, tmp_path)
    assert "赵䶮" in text and "荣誉证书" in text and "王小明" not in text

    assert actions() == [
        "commendation.open",
        "commendation.nominate",
        "commendation.nominate",
        "commendation.nominate",
        "commendation.approve",
        "commendation.approve",
        "commendation.reject",
        "commendation.close",
        "commendation.publish",
        "commendation.object",
        "commendation.object",
        "commendation.withdraw",
        "commendation.resolve_objection",
        "commendation.resolve_objection",
        "commendation.finalise",
        "commendation.print_honours",
    ]
    # The objection's entries name no unit (only the organisation's administrators read them)
    # and hold neither the objector's name nor contact.
    for entry in db.session.scalars(
        select(AuditEntry).where(AuditEntry.subject_type == "commendation_objection")
    ):
        assert entry.unit_id is None
        assert "孙实名" not in str(entry.after) and "13912345678" not in str(entry.after)
