"""Free-text forms of service records (review, voids, forgotten sign-outs, make-ups,
corrections) and of registration, as people fill them."""

from __future__ import annotations

from collections.abc import Callable

from conftest import local_time
from records_pages_world import forget, serve
from text_world import NEW_PASSWORD, Sent, World, newest

from volunteer.people.models import StaffMember
from volunteer.records.models import Correction, ServiceRecord
from volunteer.records.services import corrections, entries
from volunteer.registration.models import Registration
from volunteer.registration.services import self_registration

# --- Service records: review, voids, forgotten sign-outs, make-ups, corrections -----------------


def _served(w: World) -> ServiceRecord:
    return serve(
        w.db,
        w.volunteer,
        w.morning,
        local_time(2026, 11, 10, 9, 0),
        local_time(2026, 11, 10, 11, 0),
    )


def _made_up(w: World) -> ServiceRecord:
    record = entries.enter_make_up(
        account=w.volunteer,
        activity=w.morning,
        begin=local_time(2026, 11, 10, 9, 0),
        end=local_time(2026, 11, 10, 11, 0),
        reason="忘记扫码",
        evidence_note="签到表",
        by=w.coordinator,
    )
    w.commit()
    return record


def record_reject_reason(w: World, text: str) -> Sent:
    record = _made_up(w)
    return Sent(
        w.manager,
        "/records/review/reject",
        {"record_ids": [record.id], "reason": text},
        stored=lambda: w.db.session.get(ServiceRecord, record.id).status_reason,
        page=lambda: "/me/records?year=2026",
        reader=w.volunteer,
    )


def record_void_reason(w: World, text: str) -> Sent:
    record = _served(w)
    return Sent(
        w.coordinator,
        f"/records/{record.id}/void",
        {"reason": text},
        stored=lambda: w.db.session.get(ServiceRecord, record.id).status_reason,
        page=lambda: f"/activities/{w.morning.id}/records",
    )


def forgotten_sign_out_reason(w: World, text: str) -> Sent:
    record = forget(w.db, w.volunteer, w.morning, local_time(2026, 11, 10, 9, 0))
    return Sent(
        w.coordinator,
        f"/records/{record.id}/sign-out",
        {"signed_out_at": "2026-11-10T11:00", "reason": text},
        stored=lambda: w.db.session.get(ServiceRecord, record.id).note,
        page=lambda: f"/records/{record.id}",
    )


def _make_up(name: str, line: int) -> Callable[[World, str], Sent]:
    def sent(w: World, text: str) -> Sent:
        data = {
            "account_id": w.volunteer.id,
            "begin": "2026-11-10T09:00",
            "end": "2026-11-10T11:00",
            "reason": "手机没电",
            "evidence_note": "签到表",
        }
        return Sent(
            w.coordinator,
            f"/activities/{w.morning.id}/make-up",
            data | {name: text},
            # The record's note holds the reason, then the evidence, one a line.
            stored=lambda: newest(ServiceRecord, ServiceRecord.note).split("\n")[line],
            page=lambda: "/records/review",
            reader=w.manager,
        )

    sent.__name__ = f"make_up_{name}"
    return sent


def correction_message(w: World, text: str) -> Sent:
    record = _served(w)
    return Sent(
        w.volunteer,
        f"/me/records/{record.id}/correction",
        {"message": text, "begin": "2026-11-10T09:00", "end": "2026-11-10T11:30"},
        stored=lambda: newest(Correction, Correction.message),
        page=lambda: "/corrections",
        reader=w.manager,
    )


def missing_record_message(w: World, text: str) -> Sent:
    data = {
        "activity_number": w.morning.number,
        "begin": "2026-11-10T09:00",
        "end": "2026-11-10T11:00",
        "message": text,
    }
    return Sent(
        w.volunteer,
        "/me/records/missing",
        data,
        stored=lambda: newest(Correction, Correction.message),
        page=lambda: "/corrections",
        reader=w.manager,
    )


def _correction_answer(verb: str) -> Callable[[World, str], Sent]:
    def sent(w: World, text: str) -> Sent:
        correction = corrections.request_correction(
            account=w.volunteer,
            record=_served(w),
            message="我 11:30 才离开",
            begin=local_time(2026, 11, 10, 9, 0),
            end=local_time(2026, 11, 10, 11, 30),
        )
        w.commit()
        return Sent(
            w.manager,
            f"/corrections/{correction.id}/{verb}",
            {"reason": text},
            stored=lambda: w.db.session.get(Correction, correction.id).resolution_reason,
            page=lambda: "/me/records?year=2026",
            reader=w.volunteer,
        )

    sent.__name__ = f"correction_{verb}_reason"
    return sent


# --- Registration -------------------------------------------------------------------------------


def registration_affiliation(w: World, text: str) -> Sent:
    data = {
        "kind": "external",
        "name": "赵六",
        "staff_no": "",
        "affiliation": text,
        "phone": "13800000009",
        "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
        "consent": "y",
    }
    return Sent(
        None,
        "/r/H-A",
        data,
        stored=lambda: newest(Registration, Registration.external_affiliation),
        page=lambda: "/me",
    )


def _pending(w: World) -> Registration:
    registration = self_registration.register_volunteer(
        unit=w.org["a"],
        name="王晓明",
        staff_no="000777",
        phone="13700000001",
        password=NEW_PASSWORD,
        actor=None,
    )
    w.commit()
    return registration


def registration_approve_note(w: World, text: str) -> Sent:
    staff = StaffMember(unit=w.org["a1"], name="王小明", staff_no="000777", phone="13700000001")
    w.db.session.add(staff)
    w.commit()
    registration = _pending(w)
    return Sent(
        w.manager,
        f"/registrations/{registration.id}/approve",
        {"staff_id": staff.id, "reason": text},
        stored=lambda: w.db.session.get(Registration, registration.id).resolution_reason,
        page=lambda: "/audit",
        reader=w.admin,
    )


def registration_reject_reason(w: World, text: str) -> Sent:
    registration = _pending(w)
    return Sent(
        w.manager,
        f"/registrations/{registration.id}/reject",
        {"reason": text},
        stored=lambda: w.db.session.get(Registration, registration.id).resolution_reason,
        page=lambda: "/audit",
        reader=w.admin,
    )
