"""Self-registration through a unit's link: the roster decides, a mismatch waits for a manager."""

from datetime import date

import pytest

from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Account, Role, RoleGrant
from volunteer.clock import local_today
from volunteer.people.models import EmploymentStatus
from volunteer.registration.models import Registration, RegistrationSource, RegistrationStatus

NEW_PASSWORD = "my-own-pass-1"


@pytest.fixture
def register(client):
    """Return a helper posting the registration form of a unit's link."""

    def post(unit, **fields):
        data = {
            "kind": "staff",
            "name": "张三",
            "staff_no": "000123",
            "phone": "13800000001",
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
            "consent": "y",
        }
        data.update(fields)
        return client.post(f"/r/{unit.code}", data=data)

    return post


def registrations(db):
    return db.session.scalars(db.select(Registration).order_by(Registration.id)).all()


def can_log_in(client, identifier, password=NEW_PASSWORD):
    client.post("/logout")
    response = client.post("/login", data={"identifier": identifier, "password": password})
    return response.status_code == 302


def test_staff_matching_roster_gets_active_registration_and_login(
    db, client, org, make_staff, register
):
    staff = make_staff(org["a1"], "张三", "000123", phone="13800000001")

    response = register(
        org["a"], name=" 张 三 ", staff_no="０００１２３", national_volunteer_no="v01"
    )

    assert response.status_code == 302 and response.location.endswith("/me")
    [registration] = registrations(db)
    assert registration.status == RegistrationStatus.ACTIVE
    assert registration.source == RegistrationSource.SELF
    assert registration.staff_member_id == staff.id
    assert registration.unit_id == org["a"].id
    assert registration.registered_on == local_today()
    assert registration.consented_at is not None
    assert registration.national_volunteer_no == "V01"
    account = registration.account
    assert (account.username, account.active, account.staff_member_id) == ("000123", True, staff.id)
    assert account.display_name == "张三" and account.phone == "13800000001"
    grant = db.session.scalar(db.select(RoleGrant).where(RoleGrant.account_id == account.id))
    assert (grant.role, grant.unit_id) == (Role.VOLUNTEER, org["a1"].id)
    assert "张三" in client.get("/me").get_data(as_text=True)
    audit = db.session.scalar(
        db.select(AuditEntry).where(AuditEntry.action == "registration.create")
    )
    assert audit.unit_id == org["a1"].id and audit.subject_id == registration.id


@pytest.mark.parametrize(
    ("name", "staff_no", "left"),
    [("李四", "000123", False), ("张三", "999999", False), ("张三", "000123", True)],
    ids=["name differs", "unknown staff number", "staff member left"],
)
def test_roster_mismatch_waits_as_pending_with_a_disabled_login(
    db, client, org, make_staff, register, name, staff_no, left
):
    staff = make_staff(org["a1"], "张三", "000123", phone="13800000001")
    if left:
        staff.status = EmploymentStatus.LEFT
        db.session.commit()

    response = register(org["a"], name=name, staff_no=staff_no)

    assert response.status_code == 302 and response.location.endswith("/r/H-A/submitted")
    assert "等待单位管理员核对" in client.get(response.location).get_data(as_text=True)
    [registration] = registrations(db)
    assert registration.status == RegistrationStatus.PENDING
    assert registration.staff_member_id is None
    assert (registration.claimed_name, registration.claimed_staff_no) == (name, staff_no)
    account = registration.account
    assert (account.username, account.active) == ("p13800000001", False)
    assert account.staff_member_id is None
    assert not db.session.scalars(db.select(RoleGrant)).all()
    assert not can_log_in(client, "13800000001")


def test_right_staff_number_and_name_with_another_phone_waits_for_the_manager(
    db, client, org, make_staff, register
):
    """工号 and name are known to colleagues; the roster's phone guards against impostors."""
    make_staff(org["a1"], "张三", "000123", phone="13800000001")

    response = register(org["a"], phone="13900000009")

    assert response.headers["Location"].endswith("/submitted")
    (registration,) = registrations(db)
    assert registration.status == RegistrationStatus.PENDING
    assert registration.staff_member_id is None
    assert not can_log_in(client, "000123") and not can_log_in(client, "13900000009")
    reason = db.session.scalar(
        db.select(AuditEntry.reason).where(AuditEntry.action == "registration.create")
    )
    assert reason == "手机号与花名册不一致"


def test_staff_without_a_phone_on_the_roster_match_by_number_and_name(
    db, client, org, make_staff, register
):
    make_staff(org["a1"], "张三", "000123", phone=None)
    assert register(org["a"]).headers["Location"].endswith("/me")


def test_staff_member_cannot_register_twice(db, client, org, make_staff, register):
    make_staff(org["a1"], "张三", "000123", phone="13800000001")
    register(org["a"])
    client.post("/logout")

    response = register(org["a"], phone="13800000002")

    assert response.status_code == 200
    assert "您已注册为志愿者，请直接登录" in response.get_data(as_text=True)
    assert len(registrations(db)) == 1
    assert db.session.scalar(db.select(db.func.count(Account.id))) == 1


def test_phone_of_another_account_is_refused(db, client, org, make_staff, register):
    make_staff(org["a1"], "张三", "000123", phone="13800000001")
    make_staff(org["a1"], "王五", "000456")
    register(org["a"])
    client.post("/logout")

    response = register(org["a"], name="王五", staff_no="000456")

    assert "该手机号已注册账号" in response.get_data(as_text=True)
    assert len(registrations(db)) == 1


def test_second_attempt_while_pending_says_it_is_waiting(db, org, register):
    register(org["a"], staff_no="999999")

    response = register(org["a"], staff_no="999998")

    assert "正在等待单位管理员核对" in response.get_data(as_text=True)
    assert len(registrations(db)) == 1


def test_national_import_then_self_registration_keeps_imported_date_and_number(
    db, client, org, make_staff, register
):
    staff = make_staff(org["a1"], "张三", "000123", phone="13800000001")
    imported = Registration(
        status=RegistrationStatus.ACTIVE,
        source=RegistrationSource.NATIONAL_IMPORT,
        staff_member=staff,
        unit_id=staff.unit_id,
        claimed_name="张三",
        claimed_staff_no="000123",
        national_volunteer_no="3301001234",
        registered_on=date(2023, 5, 4),
    )
    db.session.add(imported)
    db.session.commit()

    response = register(org["a"], national_volunteer_no="SOMETHING-ELSE")

    assert response.status_code == 302
    [registration] = registrations(db)
    assert registration.id == imported.id
    assert registration.registered_on == date(2023, 5, 4)
    assert registration.national_volunteer_no == "3301001234"
    assert registration.source == RegistrationSource.NATIONAL_IMPORT
    assert registration.account.username == "000123"
    assert registration.consented_at is not None
    assert can_log_in(client, "000123")


def test_external_volunteer_registers_under_the_link_unit_and_is_not_counted(
    db, client, org, register
):
    response = register(
        org["a"], kind="external", name="赵六", staff_no="", affiliation="医学院实习生"
    )

    assert response.status_code == 302
    [registration] = registrations(db)
    assert registration.is_external and registration.status == RegistrationStatus.ACTIVE
    assert registration.staff_member_id is None
    assert registration.external_affiliation == "医学院实习生"
    account = registration.account
    assert (account.username, account.active) == ("e13800000001", True)
    grant = db.session.scalar(db.select(RoleGrant).where(RoleGrant.account_id == account.id))
    assert (grant.role, grant.unit_id) == (Role.VOLUNTEER, org["a"].id)
    assert "不计入" in client.get("/me").get_data(as_text=True)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"staff_no": ""}, "请填写工号"),
        ({"kind": "external", "affiliation": ""}, "请填写您的学校、单位或与职工的关系"),
        ({"consent": ""}, "请阅读并勾选同意后再提交"),
        ({"phone": "12345"}, "手机号格式不正确"),
        ({"password": "short", "confirm": "short"}, "密码至少需要 8 位"),
        ({"confirm": "different-pass"}, "两次输入的密码不一致"),
    ],
)
def test_incomplete_form_creates_nothing(db, org, register, fields, message):
    response = register(org["a"], **fields)

    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert registrations(db) == []


def test_link_of_retired_or_unknown_unit_is_not_found(db, client, org, register):
    org["b1"].retired_on = date(2024, 1, 1)
    db.session.commit()

    assert client.get("/r/H-B-01").status_code == 404
    assert register(org["b1"]).status_code == 404
    assert client.get("/r/NO-SUCH-UNIT").status_code == 404
    assert client.get("/r/NO-SUCH-UNIT/qr.svg").status_code == 404


def test_double_submit_racing_past_the_checks_is_refused_by_the_database(
    app, client, db, org, make_staff
):
    """Two phones (or a double tap) registering the same person: one wins, one gets a 409."""
    from volunteer.auth.models import Account
    from volunteer.auth.services import create_account

    make_staff(org["a1"], "李雷", "000123", phone="13912345678")

    @app.route("/race-test", methods=["POST"])
    def race():
        # The losing request passed its checks before the winner committed; now it inserts.
        db.session.add(Account(username="000123", display_name="李雷", password_hash="x"))
        db.session.commit()
        return "ok"

    create_account(username="000123", password="password-1", display_name="李雷", actor=None)
    db.session.commit()
    response = client.post("/race-test")
    assert response.status_code == 409
    assert "重复提交" in response.get_data(as_text=True)
