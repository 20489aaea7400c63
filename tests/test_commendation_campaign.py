"""The campaign's steps refuse what comes out of order, with a reason, and the pages show each
viewer what is theirs: the published list to everyone, places to managers, nominations and
objections to the reviewers."""

from __future__ import annotations

from datetime import date

import pytest
from commendation_world import (  # noqa: F401
    actions,
    client_of,
    nominate,
    object_to,
    on_day,
    open_campaign,
    publish,
    review,
    world_fixture,
)
from statements import sent_statements

from volunteer.audit.queries.entries import audit_entries
from volunteer.auth.models import Account
from volunteer.commendation.models import CampaignStatus, Nomination
from volunteer.commendation.services import campaigns, nominations, objections
from volunteer.errors import DomainError


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    on_day(monkeypatch, date(2026, 12, 2))


def test_one_campaign_a_year(db, world):
    open_campaign(world)
    with pytest.raises(DomainError, match="每年只有一次评选"):
        open_campaign(world)


@pytest.mark.parametrize(
    ("fields", "match"),
    [
        ({"kind": "number", "value": "1.5"}, "整数"),
        ({"kind": "number", "value": "0"}, "整数"),
        ({"kind": "share", "value": "0"}, "名额比例须在 0.1% 到 100% 之间"),
        ({"deadline": date(2026, 12, 1)}, "提名截止日期不能早于今天"),
        ({"notice_days": 0}, "公示期须在 1 到 30 个工作日之间"),
        ({"title": "  "}, "请填写评选名称"),
    ],
)
def test_a_campaign_with_bad_settings_is_refused_and_nothing_is_kept(db, world, fields, match):
    with pytest.raises(DomainError, match=match):
        open_campaign(world, **fields)
    db.session.rollback()
    assert actions() == []


def test_only_the_organisations_administrator_opens_a_campaign(app, db, world):
    assert client_of(app, world.manager_a).get("/commendation/new").status_code == 403
    assert client_of(app, world.reviewer).get("/commendation/new").status_code == 403
    with pytest.raises(DomainError, match="只有机关的系统管理员"):
        campaigns.open_campaign(
            year=2026,
            title="评选",
            min_hours=48,
            quota_kind="number",
            quota_value=2,
            nomination_deadline=date(2026, 12, 10),
            notice_days=5,
            by=world.manager_a,
        )


def test_publishing_needs_every_nomination_reviewed_and_one_approved(db, world):
    campaign = open_campaign(world)
    with pytest.raises(DomainError, match="请先截止提名"):
        campaigns.publish_list(campaign, by=world.admin)
    first = nominate(world, campaign, "wang")
    campaigns.close_nominations(campaign, by=world.admin)
    with pytest.raises(DomainError, match="还有 1 个提名尚未审核"):
        campaigns.publish_list(campaign, by=world.admin)
    review(world, first, approve=False, reason="不够具体")
    with pytest.raises(DomainError, match="没有审核通过的提名"):
        campaigns.publish_list(campaign, by=world.admin)


def test_a_unit_manager_cannot_review(db, world):
    campaign = open_campaign(world)
    nomination = nominate(world, campaign, "wang")
    with pytest.raises(DomainError, match="只有机关的管理员可以审核"):
        nominations.review_nomination(nomination, approve=True, reason=None, by=world.manager_a)


def test_a_published_list_is_no_longer_reviewed_and_objections_end_with_the_period(
    db, world, monkeypatch
):
    campaign = open_campaign(world)
    nomination = nominate(world, campaign, "wang")
    review(world, nomination)
    publish(world, campaign)
    assert campaign.status is CampaignStatus.PUBLISHED
    with pytest.raises(DomainError, match="已公示"):
        review(world, nomination)
    with pytest.raises(DomainError, match="真实姓名和联系方式"):
        objections.raise_objection(
            nomination, real_name="", contact="", content="有异议", by=world.people["zhou"]
        )
    on_day(monkeypatch, date(2026, 12, 9))
    with pytest.raises(DomainError, match="公示期已结束"):
        object_to(nomination, world.people["zhou"])


def test_a_resolution_needs_a_note_and_happens_once(db, world):
    campaign = open_campaign(world)
    nomination = nominate(world, campaign, "wang")
    review(world, nomination)
    publish(world, campaign)
    objection = object_to(nomination, world.people["zhou"])
    with pytest.raises(DomainError, match="请填写处理意见"):
        objections.resolve_objection(objection, note=" ", withdraw=False, by=world.reviewer)
    objections.resolve_objection(objection, note="核实无误", withdraw=False, by=world.reviewer)
    with pytest.raises(DomainError, match="已经处理过了"):
        objections.resolve_objection(objection, note="再次", withdraw=True, by=world.reviewer)


def test_documents_wait_for_the_final_list(app, db, world):
    campaign = open_campaign(world)
    reviewer = client_of(app, world.reviewer)
    response = reviewer.get(f"/commendation/{campaign.id}/list.xlsx")
    assert response.status_code == 422
    assert "名单尚未定稿" in response.get_data(as_text=True)
    refused = reviewer.post(f"/commendation/{campaign.id}/honours.pdf")
    assert refused.status_code == 422  # no page to go back to: the refusal is shown
    assert "名单尚未定稿" in refused.get_data(as_text=True)
    assert actions() == ["commendation.open"]


def test_a_list_not_yet_published_is_hidden_from_everyone_but_the_reviewers(app, db, world):
    campaign = open_campaign(world)
    volunteer = client_of(app, world.people["zhou"])
    assert volunteer.get(f"/commendation/{campaign.id}/notice").status_code == 404
    assert "2026年度优秀志愿者评选" not in volunteer.get("/commendation").get_data(as_text=True)
    nomination = nominate(world, campaign, "wang")
    review(world, nomination)
    publish(world, campaign)
    page = volunteer.get("/commendation").get_data(as_text=True)
    assert "2026年度优秀志愿者评选" in page and "公示名单" in page


def test_a_manager_sees_the_places_of_their_own_units_only(app, db, world):
    campaign = open_campaign(world)
    page = client_of(app, world.manager_b).get(f"/commendation/{campaign.id}")
    text = page.get_data(as_text=True)
    assert "第二人民医院" in text and "第一人民医院" not in text
    assert (
        client_of(app, world.people["wang"]).get(f"/commendation/{campaign.id}").status_code == 403
    )


def test_objections_stay_out_of_the_units_audit_log(db, world):
    campaign = open_campaign(world)
    nomination = nominate(world, campaign, "wang")
    review(world, nomination)
    publish(world, campaign)
    object_to(nomination, world.people["sun"])

    def seen_by(account):
        return [entry.action for entry in db.session.scalars(audit_entries(account))]

    # The unit's manager (who might be the nominee) follows the nomination, not the objection.
    assert "commendation.nominate" in seen_by(world.manager_a)
    assert "commendation.object" not in seen_by(world.manager_a)
    assert "commendation.object" in seen_by(world.admin)


def test_the_notice_page_reads_the_same_statements_however_many_are_listed(app, db, world):
    campaign = open_campaign(world)
    listed = [nominate(world, campaign, who) for who in ("wang", "zhao")]
    listed.append(nominate(world, campaign, "zhou", unit="b"))
    for nomination in listed:
        review(world, nomination)
    publish(world, campaign)
    viewer = client_of(app, world.people["sun"])
    # Withdrawing the only person of hospital B takes a unit and a department off the page too.
    campaign_id, first_id = campaign.id, listed[2].id
    objector_id, reviewer_id = world.people["qian"].id, world.reviewer.id

    def statements_of_page(people: int) -> int:
        db.session.remove()  # nothing cached from the test's own reads
        with sent_statements(db.engine) as sent:
            page = viewer.get(f"/commendation/{campaign_id}/notice").get_data(as_text=True)
        assert page.count("长期坚持门诊导医服务。") == people
        return len(sent)

    three = statements_of_page(3)
    objection = object_to(
        db.session.get(Nomination, first_id), db.session.get(Account, objector_id)
    )
    objections.resolve_objection(
        objection, note="核实属实", withdraw=True, by=db.session.get(Account, reviewer_id)
    )
    db.session.commit()
    assert statements_of_page(2) == three
