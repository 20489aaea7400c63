"""A person's login follows roster changes: the 工号 they log in with, the unit of their role."""

from datetime import date

import pytest

from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Account, Role, RoleGrant
from volunteer.auth.services import create_account, grant_role, revoke_role
from volunteer.errors import Conflict, DomainError
from volunteer.people.models import EmploymentStatus
from volunteer.people.services.roster import add_staff_member, mark_left, update_staff_member
from volunteer.people.services.transfers import transfer_staff_member
from volunteer.units.services import retire_unit

PASSWORD = "long-pass-1"


@pytest.fixture
def person(db, org):
    added = add_staff_member(
        unit=org["a1"], name="李娜", staff_no="000123", phone="13800138000", actor=None
    )
    db.session.commit()
    return added


@pytest.fixture
def login(db, person):
    """The volunteer login a staff member gets on registering: 工号 as username."""
    account = create_account(
        username=person.staff_no,
        password=PASSWORD,
        display_name=person.name,
        staff_member=person,
        actor=None,
    )
    grant_role(account=account, role=Role.VOLUNTEER, unit=person.unit, actor=None)
    db.session.commit()
    return account


def account_audits(db, account, action):
    return db.session.scalars(
        db.select(AuditEntry).where(
            AuditEntry.subject_type == "account",
            AuditEntry.subject_id == account.id,
            AuditEntry.action == action,
        )
    ).all()


def test_a_new_staff_no_renames_the_login_that_used_the_old_one(db, person, login, client):
    update_staff_member(
        person=person, changes={"staff_no": "000999"}, reason="工号更正", actor=None
    )
    db.session.commit()

    assert db.session.get(Account, login.id).username == "000999"
    [entry] = account_audits(db, login, "account.update")
    assert entry.before == {"username": "000123"} and entry.after == {"username": "000999"}
    assert entry.reason == "工号更正" and entry.unit_id == person.unit_id
    signed_in = client.post("/login", data={"identifier": "000999", "password": PASSWORD})
    assert signed_in.status_code == 302


def test_a_login_with_another_username_keeps_it(db, person):
    account = create_account(
        username="lina", password=PASSWORD, display_name="李娜", staff_member=person, actor=None
    )
    db.session.commit()

    update_staff_member(person=person, changes={"staff_no": "000999"}, actor=None)

    assert account.username == "lina"
    assert not account_audits(db, account, "account.update")


def test_a_new_staff_no_already_used_as_a_username_is_refused(db, person, login, make_account):
    make_account("000999")

    with pytest.raises(Conflict, match="000999"):
        update_staff_member(person=person, changes={"staff_no": "000999"}, actor=None)

    db.session.rollback()
    assert db.session.get(Account, login.id).username == "000123"
    assert person.staff_no == "000123"


def test_reinstating_someone_whose_unit_was_retired_is_refused(db, org, make_staff):
    former = make_staff(org["b1"], "王五", hired_on=date(2010, 1, 1))
    mark_left(person=former, on=date(2024, 1, 31), actor=None)
    retire_unit(unit=org["b1"], on=date(2024, 2, 1), actor=None)
    db.session.commit()

    with pytest.raises(DomainError, match="已撤销"):
        update_staff_member(person=former, changes={"status": "active"}, actor=None)

    db.session.rollback()
    assert former.status == EmploymentStatus.LEFT
    # Other edits still work.
    update_staff_member(person=former, changes={"phone": "13700137000"}, actor=None)


def test_a_transfer_takes_the_volunteer_role_to_the_new_unit(db, org, person, login):
    coordinator = grant_role(account=login, role=Role.COORDINATOR, unit=org["a1"], actor=None)
    old = grant_role(account=login, role=Role.VOLUNTEER, unit=org["a"], actor=None)
    revoke_role(grant=old, actor=None)
    db.session.commit()

    transfer_staff_member(
        person=person, to_unit=org["b1"], effective_on=date(2024, 3, 1), actor=None
    )
    db.session.commit()

    live = {(g.role, g.unit_id) for g in db.session.get(Account, login.id).grants}
    assert live == {(Role.VOLUNTEER, org["b1"].id), (Role.COORDINATOR, org["a1"].id)}
    assert db.session.get(RoleGrant, old.id).unit_id == org["a"].id  # history stays put
    assert coordinator.unit_id == org["a1"].id  # other roles are granted by hand, kept by hand
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "staff.transfer"))
    assert entry.after["volunteer_role_moved"] is True


def test_a_transfer_of_someone_without_a_login_moves_no_role(db, org, person):
    transfer_staff_member(
        person=person, to_unit=org["b1"], effective_on=date(2024, 3, 1), actor=None
    )

    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "staff.transfer"))
    assert "volunteer_role_moved" not in entry.after


def test_a_transfer_to_a_unit_the_login_already_volunteers_for_keeps_that_grant(
    db, org, person, login
):
    there = grant_role(account=login, role=Role.VOLUNTEER, unit=org["b1"], actor=None)
    db.session.commit()

    transfer_staff_member(
        person=person, to_unit=org["b1"], effective_on=date(2024, 3, 1), actor=None
    )
    db.session.commit()  # no second live volunteer grant on b1 to collide with

    assert there in login.grants and there.unit_id == org["b1"].id
