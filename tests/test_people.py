"""The roster's services and queries: nobody is deleted, every change is audited, 工号 is unique."""

from datetime import date, timedelta

import pytest

from volunteer.audit.models import AuditEntry
from volunteer.clock import local_today
from volunteer.errors import Conflict, DomainError
from volunteer.people import queries
from volunteer.people.models import EmploymentStatus, StaffMember, StaffTransfer
from volunteer.people.services.roster import add_staff_member, mark_left, update_staff_member
from volunteer.people.services.transfers import transfer_staff_member
from volunteer.units.services import retire_unit

ID_CARD = "11010519491231002X"


def audit_entries(db, person):
    return list(
        db.session.scalars(
            db.select(AuditEntry)
            .where(AuditEntry.subject_type == "staff_member", AuditEntry.subject_id == person.id)
            .order_by(AuditEntry.id)
        )
    )


@pytest.fixture
def person(db, org):
    added = add_staff_member(
        unit=org["a1"],
        name="李娜",
        staff_no="000123",
        phone="13800138000",
        hired_on=date(2020, 1, 1),
        actor=None,
    )
    db.session.commit()
    return added


def test_adding_a_person_puts_them_in_service_and_audits_it(db, org, person):
    assert person.status == EmploymentStatus.ACTIVE
    assert person.staff_no == "000123"  # text: leading zeros stay
    [entry] = audit_entries(db, person)
    assert entry.action == "staff.create"
    assert entry.before is None
    assert entry.after["staff_no"] == "000123" and entry.after["unit_id"] == org["a1"].id


def test_fields_are_normalised_as_the_import_normalises_them(db, org):
    added = add_staff_member(
        unit=org["a1"],
        name=" 王 芳 ",
        staff_no="０００１２４ ",
        phone="+86 138-0013-8001",
        id_card="11010519491231002x",
        gender="女",
        actor=None,
    )
    assert (added.name, added.staff_no, added.phone) == ("王芳", "000124", "13800138001")
    assert added.id_card == ID_CARD


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "  "),
        ("staff_no", ""),
        ("phone", "12345"),
        ("gender", "未知"),
        ("id_card", "110105194912310021"),  # wrong check digit
    ],
)
def test_a_bad_field_is_refused_with_a_message(db, org, field, value):
    fields = {"name": "张三", "staff_no": "000200", field: value}
    with pytest.raises(DomainError) as refused:
        add_staff_member(unit=org["a1"], **fields, actor=None)
    assert refused.value.message


def test_staff_no_is_unique_in_the_whole_organisation(db, org, person):
    with pytest.raises(Conflict):
        add_staff_member(unit=org["b1"], name="别人", staff_no="000123", actor=None)
    # Not the same 工号.
    other = add_staff_member(unit=org["b1"], name="别人", staff_no="123", actor=None)
    with pytest.raises(Conflict):
        update_staff_member(person=other, changes={"staff_no": "000123"}, actor=None)


def test_a_retired_unit_takes_no_new_staff(db, org):
    retire_unit(unit=org["b1"], on=local_today(), actor=None)
    with pytest.raises(DomainError):
        add_staff_member(unit=org["b1"], name="张三", staff_no="000300", actor=None)


def test_an_edit_is_audited_with_before_and_after(db, person):
    changed = update_staff_member(
        person=person,
        changes={"phone": "13900139000", "political_status": "中共党员"},
        reason="更正",
        actor=None,
    )
    assert changed
    entry = audit_entries(db, person)[-1]
    assert entry.action == "staff.update" and entry.reason == "更正"
    assert entry.before["phone"] == "13800138000" and entry.after["phone"] == "13900139000"
    assert entry.before["political_status"] is None
    assert entry.after["political_status"] == "中共党员"


def test_an_edit_that_changes_nothing_writes_no_audit(db, person):
    assert not update_staff_member(
        person=person, changes={"name": "李娜", "phone": "13800138000"}, actor=None
    )
    assert len(audit_entries(db, person)) == 1


def test_an_edit_without_id_card_keeps_it_and_the_audit_log_holds_it_masked(db, org):
    added = add_staff_member(
        unit=org["a1"], name="张三", staff_no="000400", id_card=ID_CARD, actor=None
    )
    update_staff_member(person=added, changes={"name": "张三丰"}, actor=None)
    assert added.id_card == ID_CARD
    update_staff_member(person=added, changes={"id_card": None}, actor=None)
    assert added.id_card is None
    for entry in audit_entries(db, added):
        assert ID_CARD not in str(entry.before) + str(entry.after)
    assert audit_entries(db, added)[-1].before["id_card"] == "110105********002X"


def test_the_unit_changes_only_by_transfer(db, org, person):
    with pytest.raises(ValueError):
        update_staff_member(person=person, changes={"unit_id": org["b1"].id}, actor=None)


def test_leaving_needs_an_end_date_not_before_hiring_nor_in_the_future(db, person):
    for on in (None, date(2019, 12, 31), local_today() + timedelta(days=1)):
        with pytest.raises(DomainError):
            mark_left(person=person, on=on, actor=None)
    assert person.in_service


def test_leaving_keeps_the_person_on_the_roster(db, person):
    mark_left(person=person, on=date(2024, 6, 30), reason="辞职", actor=None)
    db.session.commit()
    kept = db.session.get(StaffMember, person.id)
    assert (kept.status, kept.left_on) == (EmploymentStatus.LEFT, date(2024, 6, 30))
    entry = audit_entries(db, person)[-1]
    assert entry.action == "staff.leave" and entry.reason == "辞职"
    assert entry.before["status"] == "active" and entry.after["left_on"] == "2024-06-30"
    with pytest.raises(DomainError):
        mark_left(person=person, on=date(2024, 7, 1), actor=None)


def test_retiring_is_an_end_of_service_too(db, person):
    mark_left(person=person, on=date(2024, 6, 30), status=EmploymentStatus.RETIRED, actor=None)
    assert person.status == EmploymentStatus.RETIRED and not person.in_service


def test_an_edit_back_to_active_reinstates_and_clears_the_end_date(db, person):
    mark_left(person=person, on=date(2024, 6, 30), actor=None)
    update_staff_member(person=person, changes={"status": "active"}, reason="返聘", actor=None)
    assert person.in_service and person.left_on is None
    entry = audit_entries(db, person)[-1]
    assert entry.action == "staff.reinstate" and entry.reason == "返聘"
    assert entry.before["left_on"] == "2024-06-30" and entry.after["left_on"] is None


def test_an_edit_that_ends_service_is_logged_as_leaving_like_the_leave_page(db, person):
    update_staff_member(
        person=person,
        changes={"status": "retired", "left_on": date(2024, 6, 30)},
        reason="退休",
        actor=None,
    )
    entry = audit_entries(db, person)[-1]
    assert entry.action == "staff.leave" and entry.after["status"] == "retired"


def test_an_edit_to_left_needs_a_valid_end_date(db, person):
    with pytest.raises(DomainError):
        update_staff_member(person=person, changes={"status": "left"}, actor=None)
    with pytest.raises(DomainError):
        update_staff_member(
            person=person, changes={"status": "left", "left_on": date(2019, 1, 1)}, actor=None
        )
    assert person.in_service  # a refused edit changes nothing


def test_a_transfer_changes_the_unit_and_keeps_the_history(db, org, person):
    transfer_staff_member(
        person=person,
        to_unit=org["b1"],
        effective_on=date(2024, 3, 1),
        reason="工作需要",
        actor=None,
    )
    transfer_staff_member(
        person=person, to_unit=org["a"], effective_on=date(2024, 9, 1), actor=None
    )
    db.session.commit()
    assert person.unit_id == org["a"].id
    history = queries.transfer_history(person)
    assert [(t.from_unit_id, t.to_unit_id) for t in history] == [
        (org["b1"].id, org["a"].id),
        (org["a1"].id, org["b1"].id),
    ]
    assert history[1].reason == "工作需要"
    entry = audit_entries(db, person)[-1]
    assert entry.action == "staff.transfer"
    assert entry.before["unit_id"] == org["b1"].id and entry.after["unit_id"] == org["a"].id
    assert entry.after["effective_on"] == "2024-09-01"


@pytest.mark.parametrize(
    "problem", ["same_unit", "retired_unit", "left_person", "no_date", "before_previous", "future"]
)
def test_a_transfer_is_refused_when_it_makes_no_sense(db, org, person, problem):
    target, on = org["b1"], date(2024, 3, 1)
    if problem == "same_unit":
        target = org["a1"]
    elif problem == "retired_unit":
        retire_unit(unit=org["b1"], on=local_today(), actor=None)
    elif problem == "left_person":
        mark_left(person=person, on=date(2024, 1, 1), actor=None)
    elif problem == "no_date":
        on = None
    elif problem == "before_previous":
        transfer_staff_member(
            person=person, to_unit=org["a"], effective_on=date(2024, 5, 1), actor=None
        )
    elif problem == "future":
        on = local_today() + timedelta(days=1)
    with pytest.raises(DomainError):
        transfer_staff_member(person=person, to_unit=target, effective_on=on, actor=None)


def test_nothing_is_ever_deleted(db, org, person):
    mark_left(person=person, on=date(2024, 6, 30), actor=None)
    update_staff_member(person=person, changes={"status": "active"}, actor=None)
    transfer_staff_member(
        person=person, to_unit=org["b1"], effective_on=date(2024, 7, 1), actor=None
    )
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(StaffMember.id))) == 1
    assert db.session.scalar(db.select(db.func.count(StaffTransfer.id))) == 1
    actions = [entry.action for entry in audit_entries(db, person)]
    assert actions == ["staff.create", "staff.leave", "staff.reinstate", "staff.transfer"]


def test_the_roster_covers_the_subtree_and_filters_by_status(db, org, make_staff):
    make_staff(org["a"], "院办甲", "A001")
    make_staff(org["a1"], "心内乙", "A002")
    make_staff(org["a1"], "离职丙", "A003", status=EmploymentStatus.LEFT, left_on=date(2024, 1, 1))
    make_staff(org["b1"], "二院丁", "B001")

    def names(unit, **filters):
        return [p.name for p in db.session.scalars(queries.roster(unit, **filters))]

    assert names(org["a"]) == ["院办甲", "心内乙"]
    assert names(org["a"], status="all") == ["院办甲", "心内乙", "离职丙"]
    assert names(org["a"], status="left") == ["离职丙"]
    assert names(org["a1"]) == ["心内乙"]
    assert queries.status_counts(org["a"]) == {"active": 2, "left": 1, "retired": 0, "all": 3}


@pytest.mark.parametrize(("search", "found"), [("乙", "心内乙"), ("A00", None), ("0002", "心内乙")])
def test_the_roster_search_matches_name_staff_no_or_phone(db, org, make_staff, search, found):
    make_staff(org["a1"], "心内乙", "A002", phone="13800000002")
    make_staff(org["a1"], "心内戊", "A005", phone="13900000005")
    result = [p.name for p in db.session.scalars(queries.roster(org["a"], search=search))]
    assert result == ([found] if found else ["心内乙", "心内戊"])


def test_search_wildcards_are_taken_literally(db, org, make_staff):
    make_staff(org["a1"], "张三", "A_01")
    make_staff(org["a1"], "李四", "AX01")
    found = [p.name for p in db.session.scalars(queries.roster(org["a"], search="a_0"))]
    assert found == ["张三"]


def test_headcount_rolls_up_the_subtree_and_counts_only_staff_in_service(db, org, make_staff):
    make_staff(org["a"], "院办甲")
    make_staff(org["a1"], "心内乙")
    make_staff(org["a1"], "离职丙", status=EmploymentStatus.LEFT, left_on=date(2024, 1, 1))
    make_staff(org["b1"], "二院丁")
    assert queries.in_service_count(org["root"]) == 3
    assert queries.in_service_count(org["a"]) == 2
    assert queries.in_service_count(org["a1"]) == 1
    counts = db.session.execute(db.select(queries.in_service_by_subtree())).all()
    assert dict(counts) == {
        org["root"].id: 3,
        org["a"].id: 2,
        org["a1"].id: 1,
        org["b"].id: 1,
        org["b1"].id: 1,
    }
