"""Records pages through the client: an activity's records with fixes, voids and make-ups,
a record's detail with its history, and scope across hospitals."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

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

from volunteer.records.models import (
    RecordAttachment,
    RecordStatus,
    ReviewReason,
    ServiceRecord,
)

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


def test_sign_out_before_the_sign_in_is_refused_with_the_rule(
    client, login_as, db, people, morning
):
    record = forget(db, people["volunteer"], morning, local_time(2026, 11, 10, 9, 0))
    login_as(people["coordinator"])

    client.post(
        f"/records/{record.id}/sign-out",
        data={"signed_out_at": "2026-11-10T08:30", "reason": "记错了"},
    )

    db.session.expire_all()
    assert db.session.get(ServiceRecord, record.id).status == RecordStatus.NEEDS_REVIEW
    assert "签退时间必须晚于签到时间。" in page(client.get(f"/records/{record.id}"))


def test_a_sign_out_set_after_the_activity_ends_counts_up_to_its_end(
    client, login_as, db, people, morning
):
    record = forget(db, people["volunteer"], morning, local_time(2026, 11, 10, 9, 0))
    login_as(people["coordinator"])

    client.post(
        f"/records/{record.id}/sign-out",
        data={"signed_out_at": "2026-11-10T13:00", "reason": "晚走"},
    )

    db.session.expire_all()
    fixed = db.session.get(ServiceRecord, record.id)
    assert fixed.signed_out_at == local_time(2026, 11, 10, 13, 0)
    assert (fixed.status, fixed.hours) == (RecordStatus.APPROVED, Decimal("3"))


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
    assert download.headers["Content-Disposition"].startswith("inline")  # a PDF opens


def test_make_up_needs_evidence_and_times_sharing_the_activity(
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
            "begin": "2026-11-10T06:00",
            "end": "2026-11-10T08:00",
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
    assert "服务时间不在活动时间内" in page(outside)
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
