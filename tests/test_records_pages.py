"""Records pages through the client: the volunteer's hours and records, and asking for
corrections."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from conftest import local_time
from records_pages_world import (  # noqa: F401
    forget,
    morning_fixture,
    page,
    people_fixture,
    serve,
    switch_to_fixture,
)
from sqlalchemy import select

from volunteer.clock import utc_now
from volunteer.records.models import (
    Correction,
    RecordStatus,
    ServiceRecord,
)
from volunteer.records.services import corrections, entries, review

# --- The volunteer's home and records ---------------------------------------------------------


def test_home_shows_approved_hours_of_this_year_against_the_target(
    client, login_as, db, people, org, make_activity
):
    start = utc_now().replace(second=0, microsecond=0) - timedelta(hours=3)
    activity = make_activity(org["a"], starts_at=start, hours=3)
    serve(db, people["volunteer"], activity, start, start + timedelta(minutes=150))
    login_as(people["volunteer"])

    html = page(client.get("/me"))

    assert "<b>2.5</b> / 48" in html
    assert '<progress class="hours-progress" max="48" value="2.5"' in html
    assert "距年度目标还差 45.5 小时" in html
    assert "/me/records" in html


def test_home_counts_waiting_hours_apart(client, login_as, db, people, morning):
    entries.enter_make_up(
        account=people["volunteer"],
        activity=morning,
        begin=local_time(2026, 11, 10, 9, 0),
        end=local_time(2026, 11, 10, 11, 0),
        reason="忘记扫码",
        evidence_note="签到表",
        by=people["coordinator"],
    )
    db.session.commit()
    login_as(people["volunteer"])

    html = page(client.get("/me"))

    assert "<b>0</b> / 48" in html
    assert "待审核" in html and "<b>2 <small>" in html


def test_volunteer_sees_each_record_with_status_and_reason(client, login_as, db, people, morning):
    volunteer = people["volunteer"]
    approved = serve(
        db, volunteer, morning, local_time(2026, 11, 10, 9, 0), local_time(2026, 11, 10, 11, 16)
    )
    later = local_time(2026, 11, 11, 9, 0)
    other = morning.__class__(
        title="健康宣教",
        category_id=1,
        unit_id=morning.unit_id,
        place="社区",
        starts_at=later,
        ends_at=later + timedelta(hours=2),
    )
    db.session.add(other)
    db.session.commit()
    rejected = serve(db, volunteer, other, later, later + timedelta(hours=2))
    review.void_record(rejected, by=people["manager"], reason="重复登记")
    db.session.commit()
    login_as(volunteer)

    html = page(client.get("/me/records?year=2026"))

    assert "导诊服务" in html and "2026-11-10 09:00 – 11:16" in html
    assert "2.5 小时" in html and "已通过" in html and "扫码签到" in html
    assert "已作废" in html and "重复登记" in html
    assert f"/records/{approved.id}" in html


def test_forgotten_sign_out_shows_why_it_waits(client, login_as, db, people, morning):
    forget(db, people["volunteer"], morning, local_time(2026, 11, 10, 9, 0))
    login_as(people["volunteer"])

    html = page(client.get("/me/records?year=2026"))

    assert "待审核" in html and "未签退" in html and "0 小时" in html


def test_correction_request_and_its_answer_reach_the_volunteer(
    client, login_as, switch_to, db, people, morning
):
    record = serve(
        db,
        people["volunteer"],
        morning,
        local_time(2026, 11, 10, 9, 0),
        local_time(2026, 11, 10, 10, 0),
    )
    login_as(people["volunteer"])
    response = client.post(
        f"/me/records/{record.id}/correction",
        data={
            "message": "我 11:30 才离开",
            "begin": "2026-11-10T09:00",
            "end": "2026-11-10T11:30",
        },
    )
    assert response.status_code == 302
    assert "更正申请已提交" in page(client.get("/me/records?year=2026"))

    switch_to(people["manager"])
    html = page(client.get("/corrections"))
    assert "我 11:30 才离开" in html and "2026-11-10 09:00 – 11:30" in html
    correction_id = db.session.scalar(select(Correction.id))
    response = client.post(f"/corrections/{correction_id}/accept", data={"reason": "已核实"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ServiceRecord, record.id).hours == Decimal("2.5")

    switch_to(people["volunteer"])
    html = page(client.get("/me/records?year=2026"))
    assert "已采纳" in html and "管理员答复：已核实" in html and "2.5 小时" in html


def test_rejected_correction_needs_a_reason_the_volunteer_then_reads(
    client, login_as, switch_to, db, people, morning
):
    record = serve(
        db,
        people["volunteer"],
        morning,
        local_time(2026, 11, 10, 9, 0),
        local_time(2026, 11, 10, 10, 0),
    )
    correction = corrections.request_correction(
        account=people["volunteer"], record=record, message="时长不对"
    )
    db.session.commit()
    login_as(people["manager"])

    refused = client.post(f"/corrections/{correction.id}/reject", data={"reason": ""})
    assert "请填写驳回原因" in page(client.get("/corrections"))
    assert refused.status_code == 302
    client.post(f"/corrections/{correction.id}/reject", data={"reason": "签到记录无误"})

    switch_to(people["volunteer"])
    html = page(client.get("/me/records?year=2026"))
    assert "已驳回" in html and "签到记录无误" in html


def test_missing_record_by_activity_number_becomes_a_record_when_accepted(
    client, login_as, switch_to, db, people, org, make_activity
):
    start = (utc_now() - timedelta(days=3)).replace(second=0, microsecond=0)
    activity = make_activity(org["a"], "义诊", starts_at=start, hours=4)
    login_as(people["volunteer"])
    local = start.astimezone(local_time(2026, 1, 1, 0, 0).tzinfo)

    response = client.post(
        "/me/records/missing",
        data={
            "activity_number": activity.number.lower(),
            "begin": local.strftime("%Y-%m-%dT%H:%M"),
            "end": (local + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "message": "忘记扫码",
        },
    )
    assert response.status_code == 302
    assert activity.number in page(client.get("/me/records"))  # offered in the recent list too

    switch_to(people["manager"])
    correction_id = db.session.scalar(select(Correction.id))
    client.post(f"/corrections/{correction_id}/accept", data={})
    record = db.session.scalar(select(ServiceRecord))
    assert record.status == RecordStatus.APPROVED and record.hours == Decimal("2")


def test_missing_record_needs_an_activity(client, login_as, people):
    login_as(people["volunteer"])

    response = client.post(
        "/me/records/missing",
        data={"begin": "2026-11-10T09:00", "end": "2026-11-10T11:00", "message": "忘记扫码"},
    )

    assert response.status_code == 400
    assert "请填写活动编号或从列表中选择活动" in page(response)


def test_volunteer_cannot_ask_to_correct_someone_elses_record(
    client, login_as, db, people, morning, make_volunteer, org
):
    record = serve(
        db,
        make_volunteer(org["a1"], "王五"),
        morning,
        local_time(2026, 11, 10, 9, 0),
        local_time(2026, 11, 10, 10, 0),
    )
    login_as(people["volunteer"])

    response = client.post(f"/me/records/{record.id}/correction", data={"message": "x"})

    assert response.status_code == 403
    assert client.get(f"/records/{record.id}").status_code == 403
