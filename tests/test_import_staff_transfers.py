"""Roster imports that move people: between units, into retired units, and out of service."""

from datetime import date

from import_files import csv_bytes
from sqlalchemy import func
from staff_import_world import import_file, rejection

from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Role
from volunteer.auth.services import create_account, grant_role
from volunteer.people.models import EmploymentStatus, StaffTransfer
from volunteer.units.models import UnitKind
from volunteer.units.services import retire_unit


def test_nobody_is_reinstated_on_a_retired_unit(db, org, make_unit, make_staff):
    closed = make_unit("H-A-09", "撤销科室", parent=org["a"], kind=UnitKind.DEPARTMENT)
    former = make_staff(closed, "钱七", "000999", status="left", left_on=date(2024, 1, 31))
    retire_unit(unit=closed, on=date(2024, 6, 1), actor=None)
    db.session.commit()
    back = ["钱七", "000999", "H-A-09", "", "", "", "", "", "在职"]

    assert rejection(csv_bytes([back])) == [(2, "单位编码", "H-A-09", "该单位已撤销")]
    assert former.status == EmploymentStatus.LEFT


def test_an_imported_transfer_takes_the_volunteer_role_along(db, org, make_staff):
    person = make_staff(org["a1"], "张三", "000123")
    stays = make_staff(org["a1"], "李四", "000456")
    logins = {}
    for someone in (person, stays):
        logins[someone.staff_no] = create_account(
            username=someone.staff_no,
            password="long-pass-1",
            display_name=someone.name,
            staff_member=someone,
            actor=None,
        )
        grant_role(
            account=logins[someone.staff_no], role=Role.VOLUNTEER, unit=org["a1"], actor=None
        )
    db.session.commit()
    moved = ["张三", "000123", "H-A", "", "", "", "", "", "在职"]
    kept = ["李四", "000456", "H-A-01", "", "", "", "", "", "在职"]

    import_file(csv_bytes([moved, kept]))
    db.session.commit()

    db.session.expire_all()
    assert [g.unit_id for g in logins["000123"].grants] == [org["a"].id]
    assert [g.unit_id for g in logins["000456"].grants] == [org["a1"].id]
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "staff.transfer"))
    assert entry.subject_id == person.id and entry.after["volunteer_role_moved"] is True


def test_people_no_longer_in_service_are_not_transferred(db, org, make_staff):
    make_staff(org["a1"], "钱七", "000999", status="left", left_on=date(2024, 1, 31))
    make_staff(org["a1"], "孙八", "000888", status="retired", left_on=date(2023, 6, 30))
    db.session.commit()
    moved_left = ["钱七", "000999", "H-A", "", "", "", "", "", "离职"]
    moved_retired = ["孙八", "000888", "H-A", "", "", "", "", "", "退休"]

    assert rejection(csv_bytes([moved_left, moved_retired])) == [
        (2, "单位编码", "H-A", "已离职/退休人员不能调动"),
        (3, "单位编码", "H-A", "已离职/退休人员不能调动"),
    ]
    assert db.session.scalar(db.select(func.count(StaffTransfer.id))) == 0


def test_someone_coming_back_to_another_unit_is_reinstated_and_transferred(db, org, make_staff):
    person = make_staff(org["a1"], "钱七", "000999", status="left", left_on=date(2024, 1, 31))
    db.session.commit()

    import_file(csv_bytes([["钱七", "000999", "H-A", "", "", "", "", "", "在职"]]))
    db.session.commit()

    assert (person.status, person.unit_id) == (EmploymentStatus.ACTIVE, org["a"].id)
    assert db.session.scalar(db.select(func.count(StaffTransfer.id))) == 1
