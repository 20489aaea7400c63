"""Registration pages: the volunteer's own page, the manager's pending list, poster and import."""

import io
import xml.etree.ElementTree as ET

import pytest
from static_names import static_path

from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Role, RoleGrant
from volunteer.registration.models import RegistrationStatus
from volunteer.registration.qr import svg_qr_code
from volunteer.registration.services import self_registration

SVG = "{http://www.w3.org/2000/svg}"
PERSON_PASSWORD = "my-own-pass-1"


@pytest.fixture
def pending_at(db):
    """Return a helper: a registration through `unit`'s link that does not match the roster."""
    phones = iter(range(13700000001, 13700009999))

    def make(unit, name="张三", staff_no="999999"):
        registration = self_registration.register_volunteer(
            unit=unit,
            name=name,
            staff_no=staff_no,
            phone=str(next(phones)),
            password=PERSON_PASSWORD,
            actor=None,
        )
        db.session.commit()
        assert registration.status == RegistrationStatus.PENDING
        return registration

    return make


@pytest.fixture
def managers(org, make_account):
    return {
        "a": make_account("mgr-a", Role.MANAGER, org["a"]),
        "b": make_account("mgr-b", Role.MANAGER, org["b"]),
    }


def test_registration_form_names_the_unit_and_the_terms(client, org):
    page = client.get("/r/H-A").get_data(as_text=True)

    assert "第一人民医院" in page and "志愿者注册" in page
    assert "仅用于志愿服务记录" in page and "我不是职工" in page


def test_volunteer_page_shows_registration_and_waits_for_hours(db, client, org, make_staff):
    make_staff(org["a1"], "张三", "000123", phone="13800000001")
    self_registration.register_volunteer(
        unit=org["a"],
        name="张三",
        staff_no="000123",
        phone="13800000001",
        password=PERSON_PASSWORD,
        national_volunteer_no="3301-0001",
        actor=None,
    )
    db.session.commit()
    client.post("/login", data={"identifier": "000123", "password": PERSON_PASSWORD})

    page = client.get("/me").get_data(as_text=True)

    assert "心内科" in page and "已注册" in page and "3301-0001" in page
    assert "计入" in page and "服务时长" in page
    assert client.get("/r/H-A").status_code == 302


def test_account_without_registration_is_told_how_to_register(client, managers, login_as):
    login_as(managers["a"])

    page = client.get("/me").get_data(as_text=True)

    assert "您还没有注册为志愿者" in page


def test_pending_list_shows_only_the_managers_units(client, org, managers, pending_at, login_as):
    pending_at(org["a1"], name="王小明")
    pending_at(org["b"], name="赵小红")
    login_as(managers["a"])

    page = client.get("/registrations/pending").get_data(as_text=True)

    assert "王小明" in page and "赵小红" not in page


def test_pending_list_offers_roster_candidates_within_scope(
    client, org, managers, make_staff, pending_at, login_as
):
    make_staff(org["a1"], "王小明", "000777")
    make_staff(org["b1"], "李外院", "999999")
    pending_at(org["a"], name="王小明", staff_no="999999")
    login_as(managers["a"])

    page = client.get("/registrations/pending").get_data(as_text=True)

    assert "000777" in page and "姓名相同" in page
    assert "李外院" not in page


def test_manager_approves_by_linking_the_chosen_staff_member(
    db, client, org, managers, make_staff, pending_at, login_as
):
    staff = make_staff(org["a1"], "王小明", "000777")
    registration = pending_at(org["a"], name="王晓明", staff_no="000777")
    login_as(managers["a"])

    response = client.post(
        f"/registrations/{registration.id}/approve", data={"staff_id": staff.id, "reason": "错字"}
    )

    assert response.status_code == 302
    db.session.refresh(registration)
    assert registration.status == RegistrationStatus.ACTIVE
    assert registration.staff_member_id == staff.id
    assert registration.resolved_by_id == managers["a"].id
    account = registration.account
    assert (account.username, account.active, account.display_name) == ("000777", True, "王小明")
    grant = db.session.scalar(db.select(RoleGrant).where(RoleGrant.account_id == account.id))
    assert (grant.role, grant.unit_id) == (Role.VOLUNTEER, org["a1"].id)
    audit = db.session.scalar(
        db.select(AuditEntry).where(AuditEntry.action == "registration.approve")
    )
    assert audit.unit_id == org["a1"].id and audit.actor_id == managers["a"].id
    client.post("/logout")
    login = client.post("/login", data={"identifier": "000777", "password": PERSON_PASSWORD})
    assert login.status_code == 302


def test_manager_may_approve_by_typing_the_staff_no(
    db, client, org, managers, make_staff, pending_at, login_as
):
    staff = make_staff(org["a1"], "王小明", "000777")
    registration = pending_at(org["a"], name="王晓明", staff_no="123")
    login_as(managers["a"])

    client.post(f"/registrations/{registration.id}/approve", data={"staff_no": " 000777 "})

    db.session.refresh(registration)
    assert registration.staff_member_id == staff.id


def test_approving_an_already_registered_staff_member_is_refused(
    db, client, org, managers, make_staff, pending_at, login_as
):
    staff = make_staff(org["a1"], "王小明", "000777", phone="13800000001")
    self_registration.register_volunteer(
        unit=org["a"],
        name="王小明",
        staff_no="000777",
        phone="13800000001",
        password="pass-word-1",
        actor=None,
    )
    registration = pending_at(org["a"], name="王晓明", staff_no="000777")
    login_as(managers["a"])

    response = client.post(
        f"/registrations/{registration.id}/approve",
        data={"staff_id": staff.id},
        follow_redirects=True,
    )

    assert "已注册" in response.get_data(as_text=True)
    db.session.refresh(registration)
    assert registration.status == RegistrationStatus.PENDING


def test_manager_rejects_with_a_reason_and_the_login_stays_disabled(
    db, client, org, managers, pending_at, login_as
):
    registration = pending_at(org["a"])
    login_as(managers["a"])

    refused = client.post(f"/registrations/{registration.id}/reject", data={"reason": ""})
    assert refused.status_code == 302
    db.session.refresh(registration)
    assert registration.status == RegistrationStatus.PENDING

    client.post(f"/registrations/{registration.id}/reject", data={"reason": "查无此人"})

    db.session.refresh(registration)
    assert registration.status == RegistrationStatus.REJECTED
    assert registration.resolution_reason == "查无此人"
    assert registration.account.active is False
    audit = db.session.scalar(
        db.select(AuditEntry).where(AuditEntry.action == "registration.reject")
    )
    assert audit.unit_id == org["a"].id and audit.reason == "查无此人"


def test_manager_of_another_hospital_gets_403(
    db, client, org, managers, make_staff, pending_at, login_as
):
    staff = make_staff(org["a1"], "王小明", "000777")
    registration = pending_at(org["a"], name="王晓明", staff_no="000777")
    login_as(managers["b"])

    approve = client.post(f"/registrations/{registration.id}/approve", data={"staff_id": staff.id})
    reject = client.post(f"/registrations/{registration.id}/reject", data={"reason": "x"})

    assert (approve.status_code, reject.status_code) == (403, 403)
    assert client.get(f"/units/{org['a'].id}/registration").status_code == 403
    db.session.refresh(registration)
    assert registration.status == RegistrationStatus.PENDING


def test_manager_cannot_link_staff_of_another_hospital(
    db, client, org, managers, make_staff, pending_at, login_as
):
    outsider = make_staff(org["b1"], "王小明", "000888")
    registration = pending_at(org["a"], name="王小明")
    login_as(managers["a"])

    response = client.post(
        f"/registrations/{registration.id}/approve", data={"staff_id": outsider.id}
    )

    assert response.status_code == 403
    db.session.refresh(registration)
    assert registration.status == RegistrationStatus.PENDING


def test_poster_shows_link_qr_code_and_print_button(client, org, managers, login_as):
    login_as(managers["a"])

    page = client.get(f"/units/{org['a1'].id}/registration").get_data(as_text=True)

    assert "心内科" in page and "http://localhost/r/H-A-01" in page
    assert "/r/H-A-01/qr.svg" in page
    # The button prints through js/print-buttons.js (no inline handler: strict CSP).
    assert "data-print>" in page and static_path("js/print-buttons.js") in page


def test_qr_image_is_an_svg_of_the_absolute_link(client, org):
    response = client.get("/r/H-A/qr.svg")

    assert response.mimetype == "image/svg+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{SVG}svg" and root.find(f"{SVG}path") is not None
    assert response.data == svg_qr_code("http://localhost/r/H-A")


def test_qr_code_depends_on_its_text():
    first, second = svg_qr_code("http://localhost/r/H-A"), svg_qr_code("http://localhost/r/H-B")

    assert first != second
    assert ET.fromstring(first).tag == f"{SVG}svg"
    assert svg_qr_code("http://localhost/r/H-A") == first


def test_manager_imports_national_list_through_the_page(
    db, client, org, managers, make_staff, login_as
):
    make_staff(org["a1"], "张三", "000123", phone="13800000001")
    login_as(managers["a"])
    good = "姓名,工号,志愿者编号,注册日期\n张三,000123,3301-0001,2023-05-04\n".encode()
    bad = "姓名,工号,志愿者编号,注册日期\n张三,000999,3301-0001,2023-05-04\n".encode()

    rejected = client.post(
        "/registrations/import",
        data={"file": (io.BytesIO(bad), "national.csv")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    imported = client.post(
        "/registrations/import",
        data={"file": (io.BytesIO(good), "national.csv")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)

    assert "工号不在花名册中" in rejected and "000999" in rejected
    assert "导入完成" in imported
    assert "工号不在花名册中" not in imported
