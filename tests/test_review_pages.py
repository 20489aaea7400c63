"""The review queue: grouped by person, bulk approve and reject, all or nothing, in scope."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from conftest import local_time
from review_world import make_up_fixture, people_fixture  # noqa: F401
from sqlalchemy import select
from static_names import static_path

from volunteer.records.models import RecordSource, RecordStatus, ServiceRecord
from volunteer.records.services import entries, forgotten, review, sessions


def page(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def switch_to(client, login_as):
    """Log out whoever is logged in, then log in as `account`."""

    def switch(account) -> None:
        client.post("/logout")
        login_as(account)

    return switch


def status_of(db, record_id: int) -> str:
    db.session.expire_all()
    return db.session.get(ServiceRecord, record_id).status


def test_queue_groups_waiting_records_by_person(client, login_as, people, make_up):
    make_up(people["li"], 10)
    make_up(people["li"], 11, title="健康宣教")
    make_up(people["wang"], 10)
    login_as(people["manager"])

    html = page(client.get("/records/review"))

    assert html.count('class="card review-person"') == 2
    assert html.index("李四") < html.index("健康宣教") < html.index("王五")
    assert "心内科" in html and "工号" in html
    assert "补录" in html and "手机没电" in html and "签到表照片" in html
    assert 'data-select-group="person-' in html and static_path("js/select-groups.js") in html


def test_bulk_approve_approves_every_ticked_record(client, login_as, db, people, make_up):
    first = make_up(people["li"], 10)
    second = make_up(people["wang"], 11)
    login_as(people["manager"])

    response = client.post("/records/review/approve", data={"record_ids": [first.id, second.id]})

    assert response.status_code == 302
    assert status_of(db, first.id) == status_of(db, second.id) == RecordStatus.APPROVED
    assert "已审核通过 2 条记录" in page(client.get("/records/review"))


def test_bulk_reject_requires_a_reason(client, login_as, db, people, make_up):
    record = make_up(people["li"])
    login_as(people["manager"])

    client.post("/records/review/reject", data={"record_ids": [record.id], "reason": " "})
    assert "请填写不通过的原因" in page(client.get("/records/review"))
    assert status_of(db, record.id) == RecordStatus.NEEDS_REVIEW

    client.post("/records/review/reject", data={"record_ids": [record.id], "reason": "无证明"})
    assert status_of(db, record.id) == RecordStatus.REJECTED
    assert db.session.get(ServiceRecord, record.id).status_reason == "无证明"


def test_nothing_ticked_is_said(client, login_as, people, make_up):
    make_up(people["li"])
    login_as(people["manager"])

    client.post("/records/review/approve", data={})

    assert "请先勾选要审核的记录" in page(client.get("/records/review"))


def test_a_day_above_twelve_hours_is_refused_to_a_manager_with_the_message(
    client, login_as, switch_to, db, people, org, make_activity
):
    begin = local_time(2026, 11, 10, 6, 0)
    long_day = make_activity(org["a"], "应急保障", starts_at=begin, hours=14)
    sessions.record_sign_in(
        account=people["li"], activity=long_day, source=RecordSource.SELF_SCAN, at=begin
    )
    record = sessions.record_sign_out(
        account=people["li"], activity=long_day, at=begin + timedelta(hours=14)
    )
    db.session.commit()
    login_as(people["manager"])
    assert "需管理员" in page(client.get("/records/review"))

    client.post("/records/review/approve", data={"record_ids": [record.id]})

    assert "需要管理员审核" in page(client.get("/records/review"))
    assert status_of(db, record.id) == RecordStatus.NEEDS_REVIEW

    switch_to(people["unit_admin"])
    client.post("/records/review/approve", data={"record_ids": [record.id]})
    assert status_of(db, record.id) == RecordStatus.APPROVED


def test_one_refusal_undoes_the_whole_batch_and_names_the_record(
    client, login_as, db, people, make_up
):
    good = make_up(people["li"], 10)
    unfinished = make_up(people["wang"], 11, title="社区义诊")
    review.void_record(unfinished, by=people["manager"], reason="重复")
    db.session.commit()
    login_as(people["manager"])

    client.post("/records/review/approve", data={"record_ids": [good.id, unfinished.id]})

    html = page(client.get("/records/review"))
    assert "王五 2026-11-11「社区义诊」：只能审核待审核的记录" in html
    assert status_of(db, good.id) == RecordStatus.NEEDS_REVIEW


def test_forgotten_sign_out_links_to_its_fix(client, login_as, db, people, org, make_activity):
    begin = local_time(2026, 11, 10, 9, 0)
    activity = make_activity(org["a"], starts_at=begin, hours=3)
    record = sessions.record_sign_in(
        account=people["li"], activity=activity, source=RecordSource.SELF_SCAN, at=begin
    ).record
    forgotten.close_forgotten_sign_outs(activity.ends_at + timedelta(hours=3))
    db.session.commit()
    login_as(people["manager"])

    html = page(client.get("/records/review"))

    assert "未签退" in html
    assert f"/records/{record.id}#sign-out" in html
    assert 'id="sign-out"' in page(client.get(f"/records/{record.id}"))

    client.post("/records/review/approve", data={"record_ids": [record.id]})
    assert "尚未补签退" in page(client.get("/records/review"))


def test_queue_filters_by_unit_and_reason(client, login_as, db, people, org, make_up):
    make_up(people["li"], 10, unit=org["a1"], title="心内科义诊")
    make_up(people["wang"], 11, title="全院宣教")
    login_as(people["manager"])

    by_unit = page(client.get(f"/records/review?unit={org['a1'].id}"))
    by_reason = page(client.get("/records/review?reason=daily_over_8"))

    assert "心内科义诊" in by_unit and "全院宣教" in by_unit  # 王五 is a 心内科 person too
    assert "没有待审核的记录" in by_reason


def test_queue_paginates_by_person(client, login_as, people, make_up, make_volunteer, org):
    from volunteer.records.views import review as review_views

    volunteers = [
        make_volunteer(org["a1"], f"志愿者{n:02d}")
        for n in range(review_views.REVIEW_PEOPLE_PER_PAGE + 1)
    ]
    for volunteer in volunteers:
        make_up(volunteer, 10)
    login_as(people["manager"])

    first = page(client.get("/records/review"))
    second = page(client.get("/records/review?page=2"))

    assert first.count('class="card review-person"') == review_views.REVIEW_PEOPLE_PER_PAGE
    assert second.count('class="card review-person"') == 1


def test_other_hospitals_records_are_neither_shown_nor_reviewable(
    client, login_as, db, people, org, make_up
):
    theirs = make_up(people["zhao"], 10, unit=org["b"], title="急诊科义诊")
    login_as(people["manager"])

    assert "急诊科义诊" not in page(client.get("/records/review"))
    response = client.post("/records/review/approve", data={"record_ids": [theirs.id]})
    assert response.status_code == 403
    response = client.post(
        "/records/review/reject", data={"record_ids": [theirs.id], "reason": "不对"}
    )
    assert response.status_code == 403
    assert status_of(db, theirs.id) == RecordStatus.NEEDS_REVIEW


def test_a_persons_own_unit_manager_reviews_service_at_another_hospital(
    client, login_as, db, people, org, make_up
):
    record = make_up(people["li"], 10, unit=org["b"], title="急诊科义诊")
    login_as(people["manager"])

    assert "急诊科义诊" in page(client.get("/records/review"))
    client.post("/records/review/approve", data={"record_ids": [record.id]})
    assert status_of(db, record.id) == RecordStatus.APPROVED
    assert db.session.scalar(select(ServiceRecord.hours)) == Decimal("2")


def test_attachment_download_is_scope_checked(client, login_as, db, people, org, make_up):
    record = make_up(people["li"], 10)
    entries.attach_evidence(record, ("表.jpg", "image/jpeg", b"\xff\xd8jpeg"), people["manager"])
    db.session.commit()
    evidence = record.attachments[0]
    login_as(people["other_manager"])

    assert client.get(f"/records/{record.id}/attachments/{evidence.id}").status_code == 403
