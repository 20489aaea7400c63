"""Records pages through the client: the volunteer's hours and records, an activity's records
with fixes, voids and make-ups, and a record's detail with its history."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from conftest import local_time
from sqlalchemy import select

from volunteer.auth.models import Role
from volunteer.clock import utc_now
from volunteer.records import corrections, entries, review, services
from volunteer.records.models import (
    Correction,
    RecordAttachment,
    RecordSource,
    RecordStatus,
    ReviewReason,
    ServiceRecord,
)


def serve(db, volunteer, activity, begin, end) -> ServiceRecord:
    """Sign the volunteer in at `begin` and out at `end`, as scans would."""
    services.record_sign_in(
        account=volunteer, activity=activity, source=RecordSource.SELF_SCAN, at=begin
    )
    record = services.record_sign_out(account=volunteer, activity=activity, at=end)
    db.session.commit()
    return record


def forget(db, volunteer, activity, begin) -> ServiceRecord:
    """Sign in and never sign out: the sweep moves the session to review with 0 h."""
    record = services.record_sign_in(
        account=volunteer, activity=activity, source=RecordSource.SELF_SCAN, at=begin
    ).record
    services.close_forgotten_sign_outs(activity.ends_at + timedelta(hours=3))
    db.session.commit()
    return record


@pytest.fixture
def people(org, make_volunteer, make_account):
    return {
        "volunteer": make_volunteer(org["a1"], "李四"),
        "coordinator": make_account("coord", Role.COORDINATOR, org["a"]),
        "manager": make_account("mgr", Role.MANAGER, org["a"]),
        "other_manager": make_account("mgr-b", Role.MANAGER, org["b"]),
    }


@pytest.fixture
def morning(org, make_activity):
    """An activity at hospital A on 10 November 2026, 09:00–12:00 local."""
    return make_activity(org["a"], "导诊服务", starts_at=local_time(2026, 11, 10, 9, 0), hours=3)


def page(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def switch_to(client, login_as):
    """Log out whoever is logged in, then log in as `account`."""

    def switch(account) -> None:
        client.post("/logout")
        login_as(account)

    return switch


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


# --- An activity's records: forgotten sign-outs, voids, make-ups ------------------------------


def test_activity_records_lists_every_record_with_totals(client, login_as, db, people, morning):
    serve(
        db,
        people["volunteer"],
        morning,
        local_time(2026, 11, 10, 9, 0),
        local_time(2026, 11, 10, 12, 0),
    )
    login_as(people["coordinator"])

    html = page(client.get(f"/activities/{morning.id}/records"))

    assert "李四" in html and "2026-11-10 09:00 – 12:00" in html
    assert "已通过时长" in html and "<b>3</b>" in html


def test_coordinator_sets_the_sign_out_time_of_a_forgotten_sign_out(
    client, login_as, db, people, morning
):
    record = forget(db, people["volunteer"], morning, local_time(2026, 11, 10, 9, 0))
    login_as(people["coordinator"])
    assert "设置签退时间" in page(client.get(f"/activities/{morning.id}/records"))

    refused = client.post(
        f"/records/{record.id}/sign-out", data={"signed_out_at": "2026-11-10T11:00", "reason": ""}
    )
    assert refused.status_code == 302
    db.session.expire_all()
    assert db.session.get(ServiceRecord, record.id).signed_out_at is None

    client.post(
        f"/records/{record.id}/sign-out",
        data={
            "signed_out_at": "2026-11-10T11:00",
            "reason": "负责人确认 11 点离开",
            "next": f"/activities/{morning.id}/records",
        },
    )
    db.session.expire_all()
    fixed = db.session.get(ServiceRecord, record.id)
    assert fixed.status == RecordStatus.APPROVED and fixed.hours == Decimal("2")
    assert fixed.signed_out_at == local_time(2026, 11, 10, 11, 0)

    html = page(client.get(f"/records/{record.id}"))
    assert "补签退" in html and "负责人确认 11 点离开" in html


def test_sign_out_after_the_activity_ends_is_refused_with_the_rule(
    client, login_as, db, people, morning
):
    record = forget(db, people["volunteer"], morning, local_time(2026, 11, 10, 9, 0))
    login_as(people["coordinator"])

    client.post(
        f"/records/{record.id}/sign-out",
        data={"signed_out_at": "2026-11-10T13:00", "reason": "晚走"},
    )

    db.session.expire_all()
    assert db.session.get(ServiceRecord, record.id).status == RecordStatus.NEEDS_REVIEW
    assert "flash-error" in page(client.get(f"/records/{record.id}"))


def test_void_keeps_the_record_with_its_reason(client, login_as, db, people, morning):
    record = serve(
        db,
        people["volunteer"],
        morning,
        local_time(2026, 11, 10, 9, 0),
        local_time(2026, 11, 10, 12, 0),
    )
    login_as(people["coordinator"])

    assert client.post(f"/records/{record.id}/void", data={"reason": ""}).status_code == 302
    db.session.expire_all()
    assert db.session.get(ServiceRecord, record.id).status == RecordStatus.APPROVED

    client.post(f"/records/{record.id}/void", data={"reason": "本人未到场"})
    db.session.expire_all()
    voided = db.session.get(ServiceRecord, record.id)
    assert voided.status == RecordStatus.VOID and voided.status_reason == "本人未到场"
    html = page(client.get(f"/activities/{morning.id}/records"))
    assert "已作废" in html and "本人未到场" in html


def test_make_up_with_an_attachment_waits_for_a_manager(
    client, login_as, switch_to, db, people, morning
):
    volunteer = people["volunteer"]
    login_as(people["coordinator"])
    search = page(client.get(f"/activities/{morning.id}/make-up?q={volunteer.username}"))
    assert "李四" in search and f"account_id={volunteer.id}" in search

    response = client.post(
        f"/activities/{morning.id}/make-up",
        data={
            "account_id": volunteer.id,
            "begin": "2026-11-10T09:00",
            "end": "2026-11-10T11:00",
            "reason": "手机没电，未能扫码",
            "evidence_note": "",
            "attachment": (BytesIO(b"%PDF-1.4 sheet"), "签到表.pdf"),
        },
        content_type="multipart/form-data",
    )

    assert response.status_code == 302
    record = db.session.scalar(select(ServiceRecord))
    assert record.status == RecordStatus.NEEDS_REVIEW
    assert record.review_reason == ReviewReason.MAKE_UP and record.hours == Decimal("2")
    evidence = db.session.scalar(select(RecordAttachment))
    assert evidence.filename == "签到表.pdf" and evidence.mimetype == "application/pdf"

    switch_to(people["manager"])
    queue = page(client.get("/records/review"))
    assert "手机没电" in queue and "签到表.pdf" in queue
    download = client.get(f"/records/{record.id}/attachments/{evidence.id}")
    assert download.status_code == 200 and download.data == b"%PDF-1.4 sheet"
    assert download.headers["Content-Disposition"].startswith("attachment")


def test_make_up_needs_evidence_and_times_within_the_activity(
    client, login_as, db, people, morning
):
    login_as(people["coordinator"])
    base = {"account_id": people["volunteer"].id, "reason": "忘记扫码"}

    no_evidence = client.post(
        f"/activities/{morning.id}/make-up",
        data={**base, "begin": "2026-11-10T09:00", "end": "2026-11-10T11:00"},
    )
    outside = client.post(
        f"/activities/{morning.id}/make-up",
        data={
            **base,
            "begin": "2026-11-10T08:00",
            "end": "2026-11-10T11:00",
            "evidence_note": "签到表",
        },
    )
    wrong_type = client.post(
        f"/activities/{morning.id}/make-up",
        data={
            **base,
            "begin": "2026-11-10T09:00",
            "end": "2026-11-10T11:00",
            "attachment": (BytesIO(b"MZ"), "tool.exe"),
        },
        content_type="multipart/form-data",
    )

    assert "补录需要证明材料" in page(no_evidence)
    assert "flash-error" in page(outside)
    assert "附件只支持图片或 PDF 文件" in page(wrong_type)
    assert db.session.scalar(select(ServiceRecord)) is None


def test_record_detail_shows_the_history(client, login_as, db, people, morning):
    record = serve(
        db,
        people["volunteer"],
        morning,
        local_time(2026, 11, 10, 9, 0),
        local_time(2026, 11, 10, 12, 0),
    )
    login_as(people["volunteer"])

    html = page(client.get(f"/records/{record.id}"))

    assert "签到" in html and "签退" in html and "变更记录" in html
    assert "进行中 → 已通过" in html


# --- Scope across hospitals -------------------------------------------------------------------


def test_hospital_b_cannot_reach_hospital_a_records(client, login_as, db, people, morning):
    record = serve(
        db,
        people["volunteer"],
        morning,
        local_time(2026, 11, 10, 9, 0),
        local_time(2026, 11, 10, 12, 0),
    )
    record_id = record.id
    login_as(people["other_manager"])

    assert client.get(f"/records/{record_id}").status_code == 403
    assert client.get(f"/activities/{morning.id}/records").status_code == 403
    assert client.get(f"/activities/{morning.id}/make-up").status_code == 403
    assert client.post(f"/records/{record_id}/void", data={"reason": "x"}).status_code == 403
    assert client.post("/records/review/approve", data={"record_ids": record_id}).status_code == 403
    assert "李四" not in page(client.get("/records/review"))
