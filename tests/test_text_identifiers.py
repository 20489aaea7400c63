"""Identifiers typed full width are folded to ASCII, whatever form they come through.

Staff numbers, phone numbers, ID card numbers, volunteer numbers, unit codes, activity numbers,
dates and target figures typed with a Chinese input method's full-width characters (and stray
spaces) are stored as their ASCII forms, so they find the staff member, unit or activity they
name; a staff number typed full width still logs in.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import PASSWORD
from text_forms_admin import _person, target_form, this_years_target
from text_world import (  # noqa: F401 - the fixture is used by name
    NEW_PASSWORD,
    Sent,
    World,
    newest,
    page,
    submit,
    world_fixture,
)

from volunteer.auth.models import RoleGrant
from volunteer.clock import local_today
from volunteer.people.models import StaffMember
from volunteer.records.models import Correction
from volunteer.registration.models import Registration
from volunteer.units.models import Unit


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
