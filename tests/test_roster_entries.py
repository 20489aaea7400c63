"""roster_entry follows the roster, registrations and logins at every commit, on every path."""

from __future__ import annotations

from datetime import date

from conftest import PASSWORD
from import_files import write_xlsx
from statements import sent_statements

from volunteer.auth.models import Role
from volunteer.extensions import db as _db
from volunteer.people.services import roster, transfers
from volunteer.progress.models import RosterEntry
from volunteer.progress.roster_sync import check_roster, rebuild_roster
from volunteer.registration.models import Registration, RegistrationStatus


def entry_of(person) -> RosterEntry | None:
    _db.session.expire_all()
    return _db.session.get(RosterEntry, person.id)


def test_a_new_person_gets_an_entry_at_commit(org, make_staff):
    person = make_staff(org["a1"], "张三", political_status="中共党员", hired_on=date(2020, 1, 1))
    entry = entry_of(person)
    assert (entry.unit_id, entry.status, entry.party_member, entry.registered_on) == (
        org["a1"].id,
        "active",
        True,
        None,
    )
    assert entry.hired_on == date(2020, 1, 1)
    assert check_roster() == []


def test_registration_login_leave_and_transfer_follow(org, make_staff, make_account):
    person = make_staff(org["a1"], "李四")
    account = make_account(person.staff_no, Role.VOLUNTEER, org["a1"], staff_member=person)
    assert entry_of(person).account_id == account.id
    registration = Registration(
        status=RegistrationStatus.PENDING,
        unit_id=org["a1"].id,
        staff_member_id=person.id,
        account_id=account.id,
        claimed_name="李四",
        registered_on=date(2026, 3, 1),
    )
    _db.session.add(registration)
    _db.session.commit()
    assert entry_of(person).registered_on is None  # pending does not count
    registration.status = RegistrationStatus.ACTIVE
    _db.session.commit()
    assert entry_of(person).registered_on == date(2026, 3, 1)

    transfers.transfer_staff_member(
        person=person, to_unit=org["b1"], effective_on=date(2026, 4, 1), reason="轮岗", actor=None
    )
    _db.session.commit()
    assert entry_of(person).unit_id == org["b1"].id
    roster.mark_left(person=person, on=date(2026, 5, 1), actor=None)
    _db.session.commit()
    assert (entry_of(person).status, entry_of(person).left_on) == ("left", date(2026, 5, 1))
    assert check_roster() == []


def test_a_login_or_a_new_password_writes_no_roster_entry(org, make_staff, make_account, client):
    person = make_staff(org["a1"], "周七")
    account = make_account(person.staff_no, Role.VOLUNTEER, org["a1"], staff_member=person)

    with sent_statements(_db.engine) as statements:
        response = client.post(
            "/login", data={"identifier": account.username, "password": PASSWORD}
        )
        account.password_hash = "changed"
        _db.session.commit()

    assert response.status_code == 302
    assert [s for s in statements if "roster_entry" in s] == []
    assert entry_of(person).account_id == account.id and check_roster() == []


def test_an_account_moved_to_another_staff_member_moves_both_entries(org, make_staff, make_account):
    first, second = make_staff(org["a1"], "吴八"), make_staff(org["a1"], "郑九")
    account = make_account(first.staff_no, Role.VOLUNTEER, org["a1"], staff_member=first)
    assert entry_of(first).account_id == account.id

    account.staff_member_id = second.id
    _db.session.commit()

    assert entry_of(first).account_id is None and entry_of(second).account_id == account.id
    assert check_roster() == []


def test_a_rolled_back_change_leaves_the_entry_alone(org, make_staff):
    person = make_staff(org["a1"], "王五")
    person.unit_id = org["b1"].id
    _db.session.flush()
    _db.session.rollback()
    assert entry_of(person).unit_id == org["a1"].id


def test_the_bulk_staff_import_refreshes_the_entries_it_wrote(org, runner, tmp_path):
    rows = [
        ["赵六", "900001", "H-A-01", "13900000001", "", "", "中共党员", "", "在职"],
        ["钱七", "900002", "H-B-01", "13900000002", "", "", "", "", "在职"],
    ]
    result = runner.invoke(args=["import-staff", str(write_xlsx(tmp_path / "s.xlsx", rows))])
    assert result.exit_code == 0, result.output
    entries = _db.session.scalars(_db.select(RosterEntry).order_by(RosterEntry.staff_member_id))
    assert [(e.unit_id, e.party_member) for e in entries] == [
        (org["a1"].id, True),
        (org["b1"].id, False),
    ]
    assert check_roster() == []


def test_check_finds_a_stale_entry_and_rebuild_fixes_it(org, make_staff, runner):
    person = make_staff(org["a1"], "孙八")
    _db.session.execute(_db.update(RosterEntry).values(unit_id=org["b1"].id))
    _db.session.commit()
    assert check_roster() == [person.id]
    result = runner.invoke(args=["check-hours-totals"])
    assert result.exit_code == 1 and "花名册" in result.output
    assert rebuild_roster() == 1
    _db.session.commit()
    assert check_roster() == []
