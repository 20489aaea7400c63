"""A nomination is refused with its reason, and a refusal writes nothing: not registered, too
few hours, already nominated, quota full, after the deadline, outside scope, a citation too
long, an attachment that is no image or PDF or too large."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from commendation_world import (  # noqa: F401
    PNG,
    actions,
    client_of,
    nominate,
    on_day,
    open_campaign,
    review,
    world_fixture,
)
from sqlalchemy import func, select

from volunteer.commendation.models import Nomination
from volunteer.commendation.services.campaigns import close_nominations
from volunteer.commendation.services.nominations import Upload
from volunteer.commendation.services.nominations import nominate as nominate_service
from volunteer.errors import DomainError


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    on_day(monkeypatch, date(2026, 12, 2))


def _refused(db, world, campaign, who, match, **kwargs):
    before = db.session.scalar(select(func.count(Nomination.id)))
    logged = len(actions())
    with pytest.raises(DomainError, match=match):
        nominate(world, campaign, who, **kwargs)
    db.session.rollback()
    assert db.session.scalar(select(func.count(Nomination.id))) == before
    assert len(actions()) == logged


def test_someone_who_never_registered_is_refused(db, world):
    campaign = open_campaign(world)
    with pytest.raises(DomainError, match="不是注册志愿者") as refusal:
        nominate_service(
            campaign,
            world.org["a"],
            identifier="U0001",
            citation="事迹",
            upload=None,
            by=world.manager_a,
        )
    assert refusal.value.code == "unregistered"


def test_too_few_hours_names_the_hours_and_the_condition(db, world):
    campaign = open_campaign(world)
    _refused(
        db,
        world,
        campaign,
        "sun",
        "孙少 2026 年度已审核的服务时长为 20 小时，未达到评选条件 48 小时",
    )


def test_the_condition_is_the_campaigns_own(db, world):
    campaign = open_campaign(world, min_hours="10")
    assert nominate(world, campaign, "sun").year_hours == 20


def test_the_same_person_is_nominated_once(db, world):
    campaign = open_campaign(world)
    nominate(world, campaign, "wang")
    _refused(db, world, campaign, "wang", "王小明 已被提名（待审核），不能重复提名")


def test_a_full_quota_refuses_the_next_and_a_rejection_frees_its_place(db, world):
    campaign = open_campaign(world, value="1")
    first = nominate(world, campaign, "wang")
    _refused(db, world, campaign, "zhao", "第一人民医院 的名额（1 名）已满")
    review(world, first, approve=False, reason="事迹不足")
    assert nominate(world, campaign, "zhao").name == "赵䶮"


def test_a_share_quota_is_held_like_a_number(db, world):
    campaign = open_campaign(world, kind="share", value="25")  # 4 registered in A: one place
    nominate(world, campaign, "wang")
    _refused(db, world, campaign, "zhao", "名额（1 名）已满")


def test_nothing_is_taken_after_the_deadline(db, world, monkeypatch):
    campaign = open_campaign(world, deadline=date(2026, 12, 10))
    on_day(monkeypatch, date(2026, 12, 11))
    _refused(db, world, campaign, "wang", "提名已截止（截止日期 2026-12-10）")


def test_nothing_is_taken_once_nominations_are_closed(db, world):
    campaign = open_campaign(world)
    close_nominations(campaign, by=world.admin)
    db.session.commit()
    _refused(db, world, campaign, "wang", "提名已截止")


def test_a_manager_nominates_only_within_their_unit(app, db, world):
    campaign = open_campaign(world)
    # A person of hospital B, put forward for hospital A.
    _refused(db, world, campaign, "zhou", "周堃 不属于第一人民医院，不能由本单位提名")
    # Hospital A's manager acting for hospital B.
    _refused(db, world, campaign, "zhou", "只能提名本单位的人员", unit="b", by=world.manager_a)
    # And the page of hospital B is closed to them.
    client = client_of(app, world.manager_a)
    assert client.get(f"/commendation/{campaign.id}/units/{world.org['b'].id}").status_code == 403


def test_an_unknown_staff_number_is_named(db, world):
    campaign = open_campaign(world)
    with pytest.raises(DomainError, match="没有找到工号为“X9999”的人员"):
        nominate_service(
            campaign,
            world.org["a"],
            identifier="x9999",
            citation="事迹",
            upload=None,
            by=world.manager_a,
        )


def test_a_citation_is_counted_as_typed(db, world):
    campaign = open_campaign(world)
    # 499 characters and a line break typed as CRLF: 500 as the person sees them.
    fits = "好" * 250 + "\r\n" + "好" * 249
    assert len(nominate(world, campaign, "wang", citation=fits).citation) == 500
    _refused(db, world, campaign, "zhao", "不能超过 500 个字（现在 501 个字）", citation="好" * 501)
    _refused(db, world, campaign, "zhao", "请填写主要事迹", citation="  \n ")


def test_the_form_says_the_citation_is_too_long_and_keeps_what_was_typed(app, db, world):
    campaign = open_campaign(world)
    client = client_of(app, world.manager_a)
    response = client.post(
        f"/commendation/{campaign.id}/units/{world.org['a'].id}",
        data={"staff_no": world.people["wang"].username, "citation": "好" * 501},
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "主要事迹不能超过 500 个字（现在 501 个字）" in text
    assert db.session.scalar(select(func.count(Nomination.id))) == 0


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"GIF89a" + b"\x00" * 10, "只能是 JPG、PNG 图片或 PDF 文件"),
        (b"<html><script>alert(1)</script>", "只能是 JPG、PNG 图片或 PDF 文件"),
        (PNG + b"\x00" * (5 * 1024 * 1024), "附件不能超过 5 MB"),
    ],
    ids=["gif", "html-named-png", "too-large"],
)
def test_an_attachment_is_checked_by_its_bytes_and_size(db, world, content, match):
    campaign = open_campaign(world)
    _refused(db, world, campaign, "wang", match, upload=Upload("photo.png", content))


def test_the_page_shows_a_refusal_and_writes_nothing(app, db, world):
    campaign = open_campaign(world)
    client = client_of(app, world.manager_a)
    response = client.post(
        f"/commendation/{campaign.id}/units/{world.org['a'].id}",
        data={
            "staff_no": world.people["wang"].username,
            "citation": "事迹",
            "attachment": (BytesIO(b"MZ\x90\x00"), "photo.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "只能是 JPG、PNG 图片或 PDF 文件" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Nomination.id))) == 0
    assert actions() == ["commendation.open"]
