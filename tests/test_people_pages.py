"""The roster pages through the client: search, pages, scope, and ID numbers never shown whole."""

from datetime import date

import pytest
from statements import sent_statements

from volunteer.auth.models import Role
from volunteer.clock import local_today
from volunteer.people.models import EmploymentStatus, StaffMember, StaffTransfer
from volunteer.registration.models import Registration, RegistrationStatus

ID_CARD = "11010519491231002X"
MASKED = "110105********002X"


@pytest.fixture
def manager(org, make_account, login_as):
    account = make_account("mgr-a", Role.MANAGER, org["a"])
    login_as(account)
    return account


@pytest.fixture
def coordinator(org, make_account, login_as):
    account = make_account("coord-a", Role.COORDINATOR, org["a"])
    login_as(account)
    return account


@pytest.fixture
def person(org, make_staff):
    return make_staff(
        org["a1"], "李娜", "000123", phone="13800138000", id_card=ID_CARD, hired_on=date(2020, 1, 1)
    )


def form(**fields):
    """Return what a browser posts for the person form: every select sends a value."""
    return {"gender": "", "political_status": "", "status": "active", **fields}


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.status_code
    return response.get_data(as_text=True)


@pytest.mark.parametrize("search", ["李娜", "李", "000123", "0001", "13800138000", "0013800"])
def test_roster_search_finds_by_name_staff_no_or_phone(client, org, make_staff, manager, search):
    make_staff(org["a1"], "李娜", "000123", phone="13800138000")
    make_staff(org["a1"], "王强", "009999", phone="13911112222")
    html = page(client, f"/units/{org['a'].id}/staff?q={search}")
    assert "李娜" in html and "王强" not in html


def test_roster_is_paginated(app, client, org, make_staff, manager):
    app.config["ROSTER_PAGE_SIZE"] = 2
    for n in range(5):
        make_staff(org["a1"], f"职工{n}", f"P{n:03d}")
    first = page(client, f"/units/{org['a'].id}/staff")
    assert "职工0" in first and "职工1" in first and "职工2" not in first
    assert "第 1 / 3 页" in first and "page=2" in first
    last = page(client, f"/units/{org['a'].id}/staff?page=3")
    assert "职工4" in last and "职工0" not in last


def test_roster_filters_by_status(client, org, make_staff, manager):
    make_staff(org["a1"], "在职者", "P001")
    make_staff(org["a1"], "离职者", "P002", status=EmploymentStatus.LEFT, left_on=date(2024, 1, 1))
    default = page(client, f"/units/{org['a'].id}/staff")
    assert "在职者" in default and "离职者" not in default
    left = page(client, f"/units/{org['a'].id}/staff?status=left")
    assert "离职者" in left and "在职者" not in left


def test_roster_shows_who_has_registered_and_finds_those_who_have_not(
    client, db, org, make_staff, manager
):
    registered = make_staff(org["a1"], "已注册者", "P001")
    make_staff(org["a1"], "未注册者", "P002")
    make_staff(org["a1"], "也未注册者", "P003")
    db.session.add(
        Registration(
            status=RegistrationStatus.ACTIVE,
            staff_member=registered,
            unit_id=registered.unit_id,
            claimed_name=registered.name,
            registered_on=date(2026, 3, 5),
        )
    )
    db.session.commit()

    everyone = page(client, f"/units/{org['a'].id}/staff")
    assert "已注册志愿者 1 人（33%）" in everyone
    unregistered = page(client, f"/units/{org['a'].id}/staff?registration=unregistered")
    assert "未注册者" in unregistered and "也未注册者" in unregistered
    assert "已注册者" not in unregistered
    only_registered = page(client, f"/units/{org['a'].id}/staff?registration=registered")
    assert "已注册者" in only_registered and "未注册者" not in only_registered


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/units/{b1}/staff"),
        ("get", "/units/{b1}/staff/new"),
        ("get", "/staff/{other}"),
        ("get", "/staff/{other}/edit"),
        ("post", "/staff/{other}/leave"),
        ("post", "/staff/{other}/transfer"),
    ],
)
def test_another_hospitals_roster_is_forbidden(client, org, make_staff, manager, method, url):
    other = make_staff(org["b1"], "二院职工", "B001")
    url = url.format(b1=org["b1"].id, other=other.id)
    response = getattr(client, method)(url, data={"left_on": "2024-01-01"})
    assert response.status_code == 403


def test_a_transfer_into_another_hospital_is_forbidden(client, db, org, person, manager):
    response = client.post(
        f"/staff/{person.id}/transfer",
        data={"unit_code": "H-B-01", "effective_on": "2024-03-01"},
    )
    assert response.status_code == 403
    assert db.session.get(StaffMember, person.id).unit_id == org["a1"].id


def test_coordinators_read_the_roster_with_masked_phones_but_cannot_change_it(
    client, org, person, coordinator
):
    html = page(client, f"/units/{org['a'].id}/staff")
    assert "李娜" in html and "138****8000" in html and "13800138000" not in html
    assert "添加职工" not in html
    page(client, f"/staff/{person.id}")
    page(client, f"/units/{org['a'].id}/staff/new", status=403)
    page(client, f"/staff/{person.id}/edit", status=403)


def test_managers_see_phones_in_full(client, org, person, manager):
    assert "13800138000" in page(client, f"/units/{org['a'].id}/staff")


def test_the_id_number_never_appears_unmasked(client, org, person, manager):
    urls = [
        f"/units/{org['a'].id}/staff",
        f"/units/{org['a'].id}/staff?q=李娜&status=all",
        f"/staff/{person.id}",
        f"/staff/{person.id}/edit",
        f"/staff/{person.id}/leave",
        f"/staff/{person.id}/transfer",
        f"/units/{org['a1'].id}",
        "/units",
    ]
    for url in urls:
        assert ID_CARD not in page(client, url), url
    assert MASKED in page(client, f"/staff/{person.id}")
    assert MASKED in page(client, f"/staff/{person.id}/edit")
    # A refused edit redisplays the form without echoing a stored number either.
    response = client.post(f"/staff/{person.id}/edit", data=form(name="", staff_no="000123"))
    assert ID_CARD not in response.get_data(as_text=True)


def test_adding_a_person_through_the_form(client, db, org, manager):
    response = client.post(
        f"/units/{org['a'].id}/staff/new",
        data={
            "name": "赵 敏",
            "staff_no": "００７",
            "unit_id": org["a1"].id,
            "gender": "女",
            "phone": "138-0013-8000",
            "id_card": "",
            "political_status": "共青团员",
            "hired_on": "2021年9月1日",
        },
    )
    assert response.status_code == 302
    added = db.session.scalar(db.select(StaffMember).where(StaffMember.staff_no == "007"))
    assert (added.name, added.unit_id, added.phone) == ("赵敏", org["a1"].id, "13800138000")
    assert added.hired_on == date(2021, 9, 1)


def test_the_add_form_shows_what_is_wrong(client, db, org, person, manager):
    response = client.post(
        f"/units/{org['a'].id}/staff/new",
        data=form(name="张三", staff_no="X1", unit_id=org["a"].id, id_card="123"),
    )
    assert "身份证号应为18位" in response.get_data(as_text=True)
    duplicate = client.post(
        f"/units/{org['a'].id}/staff/new",
        data=form(name="张三", staff_no="000123", unit_id=org["a"].id),
    )
    assert "已被其他职工使用" in duplicate.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(StaffMember.id))) == 1


def test_an_edit_with_a_blank_id_number_keeps_it(client, db, person, manager):
    response = client.post(
        f"/staff/{person.id}/edit",
        data=form(name="李娜", staff_no="000123", phone="13900139000"),
    )
    assert response.status_code == 302
    db.session.expire_all()
    edited = db.session.get(StaffMember, person.id)
    assert (edited.phone, edited.id_card) == ("13900139000", ID_CARD)


def test_leaving_and_reinstating_through_the_pages(client, db, person, manager):
    assert client.post(f"/staff/{person.id}/leave", data={"status": "left"}).status_code == 200
    response = client.post(
        f"/staff/{person.id}/leave", data={"status": "left", "left_on": "2024-06-30"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(StaffMember, person.id).status == EmploymentStatus.LEFT
    client.post(
        f"/staff/{person.id}/edit",
        data=form(name="李娜", staff_no="000123", left_on="2024-06-30"),
    )
    db.session.expire_all()
    reinstated = db.session.get(StaffMember, person.id)
    assert reinstated.in_service and reinstated.left_on is None


def test_a_transfer_through_the_page_keeps_history_on_the_person_page(
    client, db, org, person, manager
):
    response = client.post(
        f"/staff/{person.id}/transfer",
        data={"unit_code": "h-a", "effective_on": local_today().isoformat(), "reason": "轮岗"},
    )
    assert response.status_code == 302
    transfer = db.session.scalar(db.select(StaffTransfer))
    assert (transfer.from_unit_id, transfer.to_unit_id) == (org["a1"].id, org["a"].id)
    assert transfer.recorded_by_id == manager.id
    html = page(client, f"/staff/{person.id}")
    assert "轮岗" in html and "心内科" in html


def test_the_person_page_shows_the_registration(client, db, org, person, manager):
    assert "未注册" in page(client, f"/staff/{person.id}")
    db.session.add(
        Registration(
            staff_member_id=person.id,
            unit_id=org["a"].id,
            status=RegistrationStatus.ACTIVE,
            claimed_name="李娜",
            registered_on=date(2024, 3, 5),
            national_volunteer_no="V123456",
        )
    )
    db.session.commit()
    html = page(client, f"/staff/{person.id}")
    assert "已注册" in html and "2024-03-05" in html and "V123456" in html


def test_roster_without_a_search_takes_its_headcount_from_the_status_counts(
    client, db, org, make_staff, manager
):
    for n in range(3):
        make_staff(org["a1"], f"张{n}")
    make_staff(org["a1"], "张离", status=EmploymentStatus.LEFT, left_on=date(2024, 1, 1))

    db.session.expire_all()  # each page loads what it shows, as in its own request
    with sent_statements(db.engine) as searched:
        searched_page = page(client, f"/units/{org['a'].id}/staff?q=张")
    db.session.expire_all()
    with sent_statements(db.engine) as plain:
        plain_page = page(client, f"/units/{org['a'].id}/staff")

    assert "在职 3 人" in plain_page and "在职 3 人" in searched_page
    assert len(plain) == len(searched) - 1  # the same page, one count fewer
