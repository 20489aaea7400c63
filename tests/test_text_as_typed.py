"""Text is kept as the person typed it: free text keeps "，（）：；、", identifiers are folded.

Every free-text field is submitted through its real form, read back from the database and looked
for on the page where people read it; the identifier fields still fold full-width digits.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import PASSWORD, local_time
from import_files import UNIT_HEADER, csv_bytes
from sqlalchemy import select
from text_forms_admin import (
    _person,
    account_deactivate_reason,
    account_display_name,
    badge_revoke_reason,
    id_number_export_reason,
    poster_revoke_reason,
    role_grant_reason,
    role_revoke_reason,
    staff_edit_reason,
    staff_leave_reason,
    staff_transfer_reason,
    target_document,
    target_form,
    target_reason,
    this_years_target,
    unit_move_reason,
    unit_name_changed,
    unit_name_created,
    unit_retire_reason,
)
from text_forms_service import (
    _correction_answer,
    _make_up,
    _new_activity,
    _new_project,
    _new_team,
    _served,
    _theme,
    activity_cancel_reason,
    activity_title_changed,
    category_name,
    correction_message,
    forgotten_sign_out_reason,
    missing_record_message,
    project_close_reason,
    record_reject_reason,
    record_void_reason,
    registration_affiliation,
    registration_approve_note,
    registration_reject_reason,
    team_disband_reason,
    team_member_skills,
)
from text_world import (  # noqa: F401
    NEW_PASSWORD,
    SENT,
    TYPED,
    Sent,
    World,
    newest,
    page,
    submit,
    world_fixture,
)

from volunteer.activities.models import (
    Activity,
)
from volunteer.auth.models import RoleGrant
from volunteer.clock import local_today
from volunteer.imports import services as import_services
from volunteer.people.models import StaffMember
from volunteer.records.importing.plan import import_records
from volunteer.records.models import Correction, ServiceRecord
from volunteer.registration.models import Registration
from volunteer.units.models import Unit

FREE_TEXT_FORMS = [
    _new_activity("title"),
    _new_activity("place"),
    _new_activity("description"),
    _new_activity("contact"),
    activity_title_changed,
    activity_cancel_reason,
    category_name,
    _theme("title"),
    _theme("description"),
    _new_team("name"),
    _new_team("description"),
    team_member_skills,
    team_disband_reason,
    _new_project("name"),
    _new_project("description"),
    project_close_reason,
    record_reject_reason,
    record_void_reason,
    forgotten_sign_out_reason,
    _make_up("reason", 0),
    _make_up("evidence_note", 1),
    correction_message,
    missing_record_message,
    _correction_answer("accept"),
    _correction_answer("reject"),
    registration_affiliation,
    registration_approve_note,
    registration_reject_reason,
    target_document,
    target_reason,
    unit_name_created,
    unit_name_changed,
    unit_move_reason,
    unit_retire_reason,
    staff_edit_reason,
    staff_leave_reason,
    staff_transfer_reason,
    account_display_name,
    role_grant_reason,
    role_revoke_reason,
    account_deactivate_reason,
    badge_revoke_reason,
    poster_revoke_reason,
    id_number_export_reason,
]


@pytest.mark.parametrize("form", FREE_TEXT_FORMS, ids=lambda form: form.__name__)
def test_free_text_is_stored_and_shown_as_it_was_typed(client, login_as, db, world, form):
    sent = form(world, SENT)

    submit(client, login_as, sent)

    db.session.expire_all()
    assert sent.stored() == TYPED
    assert sent.page is not None
    if sent.reader is not None:
        client.post("/logout")
        login_as(sent.reader)
    assert TYPED in page(client.get(sent.page()))


# --- Identifiers are still folded ---------------------------------------------------------------


def staff_added(w: World) -> tuple[Sent, tuple]:
    data = {
        "name": " 王 芳 ",
        "staff_no": "０００１２４ ",
        "unit_id": str(w.org["a1"].id),
        "phone": "１３８ ００１３ ８００１",
        "id_card": "１１０１０５１９４９１２３１００２ｘ",
        "gender": "",
        "political_status": "",
    }
    sent = Sent(
        w.manager,
        f"/units/{w.org['a'].id}/staff/new",
        data,
        stored=lambda: tuple(
            newest(StaffMember, column)
            for column in (
                StaffMember.name,
                StaffMember.staff_no,
                StaffMember.phone,
                StaffMember.id_card,
            )
        ),
    )
    return sent, ("王芳", "000124", "13800138001", "11010519491231002X")


def staff_registered(w: World) -> tuple[Sent, tuple]:
    person = StaffMember(unit=w.org["a1"], name="张三", staff_no="000321", phone="13800000001")
    w.db.session.add(person)
    w.commit()
    data = {
        "kind": "staff",
        "name": "张 三",
        "staff_no": "０００３２１",
        "phone": "１３８－００００－０００１",
        "national_volunteer_no": "ｖ１２３",
        "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
        "consent": "y",
    }
    sent = Sent(
        None,
        "/r/H-A",
        data,
        stored=lambda: tuple(
            newest(Registration, column)
            for column in (
                Registration.staff_member_id,
                Registration.claimed_staff_no,
                Registration.phone,
                Registration.national_volunteer_no,
            )
        ),
    )
    return sent, (person.id, "000321", "13800000001", "V123")


def unit_created(w: World) -> tuple[Sent, tuple]:
    data = {"parent_code": "ｈ－ａ", "code": " ｈ－ａ－０２", "kind": "department", "name": "急诊"}
    sent = Sent(
        w.admin,
        "/units/new",
        data,
        stored=lambda: (newest(Unit, Unit.code), newest(Unit).parent_id),
    )
    return sent, ("H-A-02", w.org["a"].id)


def missing_record_by_number(w: World) -> tuple[Sent, tuple]:
    typed_number = w.morning.number.lower().translate(FULL_WIDTH)
    data = {
        "activity_number": typed_number,
        "begin": "2026-11-10T09:00",
        "end": "2026-11-10T11:00",
        "message": "忘记扫码",
    }
    sent = Sent(
        w.volunteer,
        "/me/records/missing",
        data,
        stored=lambda: (newest(Correction, Correction.activity_id),),
    )
    return sent, (w.morning.id,)


def staff_transferred(w: World) -> tuple[Sent, tuple]:
    person = _person(w)
    today = local_today().isoformat().translate(FULL_WIDTH)
    data = {"unit_code": "ｈ－ａ", "effective_on": today, "reason": ""}
    sent = Sent(
        w.manager,
        f"/staff/{person.id}/transfer",
        data,
        stored=lambda: (w.db.session.get(StaffMember, person.id).unit_id,),
    )
    return sent, (w.org["a"].id,)


def role_granted(w: World) -> tuple[Sent, tuple]:
    data = {"role": "manager", "unit_code": "ｈ－ｂ", "reason": ""}
    sent = Sent(
        w.admin,
        f"/accounts/{w.coordinator.id}/grants",
        data,
        stored=lambda: (newest(RoleGrant, RoleGrant.unit_id),),
    )
    return sent, (w.org["b"].id,)


def target_set(w: World) -> tuple[Sent, tuple]:
    sent = Sent(
        w.admin,
        f"/targets/{local_today().year}",
        target_form(registration_percent="９５％", hours_per_person="６０．５"),
        stored=lambda: (
            this_years_target().registration_rate,
            this_years_target().hours_per_person,
        ),
    )
    return sent, (Decimal("0.95"), Decimal("60.5"))


# Full-width forms of ASCII letters, digits and "-": what a Chinese input method may type.
FULL_WIDTH = {code: code + 0xFEE0 for code in range(0x21, 0x7F)}

IDENTIFIER_FORMS = [
    staff_added,
    staff_registered,
    unit_created,
    missing_record_by_number,
    staff_transferred,
    role_granted,
    target_set,
]


@pytest.mark.parametrize("form", IDENTIFIER_FORMS, ids=lambda form: form.__name__)
def test_identifiers_typed_full_width_are_folded_to_ascii(client, login_as, db, world, form):
    sent, folded = form(world)

    submit(client, login_as, sent)

    db.session.expire_all()
    assert sent.stored() == folded


def test_a_staff_no_typed_full_width_logs_in(client, world):
    typed = f" {world.volunteer.username.translate(FULL_WIDTH)} "

    response = client.post("/login", data={"identifier": typed, "password": PASSWORD})

    assert response.status_code == 302
    assert "李四" in page(client.get("/me"))


def test_a_multi_line_note_keeps_its_lines_and_its_punctuation(client, login_as, db, world):
    record = _served(world)
    login_as(world.coordinator)
    typed = "本人未到场：\r\n　　经核实（见签到表），作废；"

    client.post(f"/records/{record.id}/void", data={"reason": typed})

    db.session.expire_all()
    assert db.session.get(ServiceRecord, record.id).status_reason == (
        "本人未到场：\n　　经核实（见签到表），作废；"
    )


# --- Imported sheets follow the same rule ------------------------------------------------------


def import_units(rows: list[list]) -> None:
    """Import a unit sheet as the import page does."""
    data = csv_bytes(rows, UNIT_HEADER)
    plan = import_services.plan_import(
        "units", import_services.read_upload("units", "units.csv", data), scope=None
    )
    batch = import_services.store_upload(
        kind="units", filename="units.csv", content=data, uploader=None
    )
    import_services.apply_import(batch=batch, plan=plan, actor=None)


def test_a_unit_sheet_keeps_the_names_and_folds_the_codes(db, org):
    import_units([["ｈ－ａ－０２", " 急诊科（东院）：夜间门诊 ", "ｈ－ａ", "科室"]])
    db.session.commit()

    unit = db.session.scalar(select(Unit).where(Unit.code == "H-A-02"))
    assert unit.name == "急诊科（东院）：夜间门诊" and unit.parent_id == org["a"].id


@pytest.mark.parametrize(
    "title_in_sheet", ["社区义诊（第２批）", "社区义诊(第2批)", " 社区义诊（第2批） "]
)
def test_a_records_sheet_finds_the_activity_whatever_width_its_title_is_written_in(
    db, org, make_volunteer, make_activity, title_in_sheet
):
    zhang = make_volunteer(org["a1"], "张三")
    clinic = make_activity(
        org["a"], "社区义诊（第２批）", starts_at=local_time(2026, 3, 5, 8, 0), hours=4
    )
    header = ["姓名", "工号", "活动名称", "日期", "开始时间", "结束时间"]
    sheet = [["张三", zhang.username, title_in_sheet, "2026-03-05", "０９：００", "11:00"]]

    import_records(
        data=csv_bytes(sheet, header), filename="sheet.csv", source_note="三月（纸质）签到表"
    )
    db.session.commit()

    record = db.session.scalar(select(ServiceRecord))
    assert record.activity_id == clinic.id
    assert record.signed_in_at == local_time(2026, 3, 5, 9, 0)
    assert record.note.startswith("三月（纸质）签到表")
    assert db.session.get(Activity, clinic.id).title == "社区义诊（第２批）"
