"""Staff roster import of people already stored: a new unit code is a transfer effective
today, an empty status brings back who had left, 离职 or 退休 marks people left with an end date
that must fit the status and dates, blank cells keep what is stored, and people absent from the
file are not marked left."""

from datetime import date

import pytest
from import_files import STAFF_HEADER, csv_bytes
from staff_import_world import ZHANG, import_file, rejection, staff_by_no

from volunteer.audit.models import AuditEntry
from volunteer.clock import local_today
from volunteer.people.models import EmploymentStatus, StaffTransfer


def test_changed_unit_code_is_a_transfer_effective_today(db, org, make_staff):
    person = make_staff(org["a1"], "张三", "000123", phone="13800138000")
    moved = ["张三", "000123", "H-A", "", "", "", "", "", "在职"]
    plan = import_file(csv_bytes([moved]))
    db.session.commit()

    assert plan.summary()["updated"] == 1
    assert person.unit_id == org["a"].id
    transfer = db.session.scalar(db.select(StaffTransfer))
    assert (transfer.from_unit_id, transfer.to_unit_id) == (org["a1"].id, org["a"].id)
    assert transfer.effective_on == local_today() and transfer.reason == "导入调动"
    change = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "staff.transfer"))
    assert (change.before["unit_id"], change.after["unit_id"]) == (org["a1"].id, org["a"].id)
    assert change.after["staff_no"] == "000123" and change.unit_id == org["a"].id


def test_empty_status_means_in_service_and_brings_back_who_had_left(db, org, make_staff):
    person = make_staff(org["a1"], "张三", "000123", status="left", left_on=date(2024, 1, 31))
    plan = import_file(csv_bytes([["张三", "000123", "H-A-01", "", "", "", "", "", ""]]))
    db.session.commit()

    assert plan.summary()["updated"] == 1
    assert (person.status, person.left_on) == ("active", None)
    actions = db.session.scalars(
        db.select(AuditEntry.action).where(AuditEntry.subject_id == person.id)
    )
    assert "staff.reinstate" in set(actions)


def test_blank_cells_keep_what_is_stored(db, org, make_staff):
    person = make_staff(org["a1"], "张三", "000123", phone="13800138000", gender="男")
    plan = import_file(csv_bytes([["张三", "000123", "H-A-01", "", "", "", "", "", ""]]))
    db.session.commit()

    assert plan.summary()["unchanged"] == 1
    assert (person.phone, person.gender) == ("13800138000", "男")


def test_people_in_service_marked_left_or_retired_count_as_left(db, org, make_staff):
    make_staff(org["a1"], "张三", "000123")
    make_staff(org["a1"], "李四", "000456")
    rows = [
        ["张三", "000123", "H-A-01", "", "", "", "", "", "离职"],
        ["李四", "000456", "H-A-01", "", "", "", "", "", "退休", "2024-12-31"],
    ]
    header = [*STAFF_HEADER, "离职日期"]
    plan = import_file(csv_bytes(rows, header))
    db.session.commit()

    assert plan.summary() == {"new": 0, "updated": 0, "unchanged": 0, "left": 2}
    people = staff_by_no(db)
    assert (people["000123"].status, people["000123"].left_on) == ("left", local_today())
    actions = db.session.scalars(
        db.select(AuditEntry.action).where(AuditEntry.action.like("staff.%"))
    )
    assert list(actions) == ["staff.leave", "staff.leave"]
    assert (people["000456"].status, people["000456"].left_on) == ("retired", date(2024, 12, 31))


@pytest.mark.parametrize(
    ("status", "left_on", "reason"),
    [
        ("在职", "2024-01-01", "在职状态为“在职”时不应填写离职日期"),
        ("离职", "2010-01-01", "离职日期不能早于入职日期"),
        ("离职", "2999-01-01", "离职日期不能晚于今天"),
    ],
)
def test_end_of_service_date_must_fit_the_status_and_dates(db, org, status, left_on, reason):
    header = [*STAFF_HEADER, "离职日期"]
    row = ["张三", "000123", "H-A-01", "", "", "", "", "2015-07-01", status, left_on]

    assert rejection(csv_bytes([row], header)) == [(2, "离职日期", left_on, reason)]


def test_people_absent_from_the_file_are_not_marked_left(db, org, make_staff):
    absent = make_staff(org["a1"], "钱七", "000999")
    import_file(csv_bytes([ZHANG]))
    db.session.commit()

    assert absent.status == EmploymentStatus.ACTIVE and absent.left_on is None
