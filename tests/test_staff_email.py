"""A staff member's e-mail address: imported with the roster, edited by a manager, audited, held
in "my data", and where a reminder goes."""

from __future__ import annotations

import re
from datetime import date

import pytest
from import_files import STAFF_HEADER, csv_bytes, xlsx_bytes
from privacy_world import workbook_of
from reminders_world import free_port, smtp_server_fixture  # noqa: F401
from sqlalchemy import select

from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Role
from volunteer.clock import local_today
from volunteer.demo.people import EMAIL_EVERY, make_people
from volunteer.imports import services
from volunteer.imports.tabular import ImportRejected
from volunteer.people.models import StaffMember
from volunteer.people.validation import email_problem, normalise_email
from volunteer.reminders.models import MailStatus, Notice

HEADER = [*STAFF_HEADER, "邮箱"]
SENDER = "志愿服务 <volunteer@hospital.example>"
MALFORMED = "邮箱地址格式不正确，应形如 zhangsan@example.org"


def staff_row(name: str, staff_no: str, email: str, unit: str = "H-A-01") -> list[str]:
    return [name, staff_no, unit, "", "女", "", "", "2020-01-01", "在职", email]


def import_file(data: bytes, filename: str = "roster.csv"):
    """Import as the upload page does: read, plan, keep the batch, apply."""
    table = services.read_upload("staff", filename, data)
    plan = services.plan_import("staff", table, scope=None)
    batch = services.store_upload(kind="staff", filename=filename, content=data, uploader=None)
    services.apply_import(batch=batch, plan=plan, actor=None)
    return plan


def person(db, staff_no: str) -> StaffMember:
    db.session.expire_all()
    return db.session.scalars(select(StaffMember).where(StaffMember.staff_no == staff_no)).one()


def audit_of(db, subject: StaffMember, action: str) -> AuditEntry:
    return db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.subject_type == "staff_member",
            AuditEntry.subject_id == subject.id,
            AuditEntry.action == action,
        )
    ).one()


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Zhang.San@Example.ORG", "Zhang.San@example.org"),
        ("  li_si+hr@163.com ", "li_si+hr@163.com"),
        ("ｗａｎｇ＠ｅｘａｍｐｌｅ．ｏｒｇ", "wang@example.org"),
    ],
)
def test_an_address_is_kept_as_typed_with_its_domain_in_lower_case(typed, kept):
    assert normalise_email(typed) == kept and email_problem(kept) is None


@pytest.mark.parametrize(
    "typed", ["zhang", "zhang@", "@example.org", "zhang san@example.org", "a..b@example.org",
              "zhang@example", "zhang@example.org。", "张三@例子.中国", "a@b@example.org"]
)  # fmt: skip
def test_a_malformed_address_is_refused(typed):
    assert email_problem(normalise_email(typed)) == MALFORMED


@pytest.mark.parametrize("header", ["邮箱", "电子邮箱", "Email", "E-mail", "电子邮件地址"])
def test_import_gives_new_people_their_address_under_any_usual_header(db, org, header):
    data = xlsx_bytes([staff_row("王芳", "E001", "Wang.Fang@Example.org")], [*STAFF_HEADER, header])
    plan = import_file(data, "roster.xlsx")
    db.session.commit()

    wang = person(db, "E001")
    assert wang.email == "Wang.Fang@example.org"
    assert audit_of(db, wang, "staff.create").after["email"] == "Wang.Fang@example.org"
    # The preview names the change without spelling the address out, as it does a phone.
    (change,) = plan.changes
    assert change.diff["邮箱"] == (None, "W***@example.org")


def test_import_sets_and_changes_the_address_of_people_already_on_the_roster(db, org, make_staff):
    without = make_staff(org["a1"], "李娜", "E002")
    moved = make_staff(org["a1"], "赵敏", "E003", email="old@example.org")
    db.session.commit()

    plan = import_file(
        csv_bytes(
            [
                staff_row("李娜", "E002", "li.na@example.org"),
                staff_row("赵敏", "E003", "zhao.min@example.org"),
            ],
            HEADER,
        )
    )
    db.session.commit()

    assert plan.summary()["updated"] == 2
    assert person(db, "E002").email == "li.na@example.org"
    assert person(db, "E003").email == "zhao.min@example.org"
    entry = audit_of(db, moved, "staff.update")
    assert (entry.before["email"], entry.after["email"]) == (
        "old@example.org",
        "zhao.min@example.org",
    )
    assert audit_of(db, without, "staff.update").before["email"] is None


def test_a_blank_address_or_no_column_keeps_the_stored_one(db, org, make_staff):
    make_staff(
        org["a1"], "李娜", "E002", email="li.na@example.org", gender="女", hired_on=date(2020, 1, 1)
    )
    db.session.commit()

    blank = import_file(csv_bytes([staff_row("李娜", "E002", "")], HEADER))
    without_column = import_file(csv_bytes([staff_row("李娜", "E002", "")[:-1]]))
    db.session.commit()

    assert blank.summary()["unchanged"] == without_column.summary()["unchanged"] == 1
    assert person(db, "E002").email == "li.na@example.org"


def test_a_malformed_address_rejects_the_file_naming_its_row(db, org):
    rows = [
        staff_row("王芳", "E001", "wang@example.org"),
        staff_row("李娜", "E002", "li.na＠example"),
        staff_row("赵敏", "E003", ""),
    ]
    with pytest.raises(ImportRejected) as rejected:
        import_file(csv_bytes(rows, HEADER))
    db.session.rollback()

    assert [(e.row, e.column, e.value, e.reason) for e in rejected.value.errors] == [
        (3, "邮箱", "li.na@example", MALFORMED)
    ]
    assert db.session.scalar(select(StaffMember.id).where(StaffMember.staff_no == "E001")) is None


def test_the_roster_template_offers_the_address_column(client, org, make_account, login_as):
    login_as(make_account("mgr-a", Role.MANAGER, org["a"]))
    response = client.get("/imports/templates/staff.xlsx")

    header, example, *_rest = workbook_of(response)["职工名册"]
    assert dict(zip(header, example, strict=True))["邮箱"] == "wangxiaoming@example.org"


@pytest.fixture
def manager(org, make_account, login_as):
    account = make_account("mgr-a", Role.MANAGER, org["a"])
    login_as(account)
    return account


def edit(client, staff: StaffMember, **fields):
    data = {"name": staff.name, "staff_no": staff.staff_no, "gender": "", "political_status": ""}
    return client.post(f"/staff/{staff.id}/edit", data={"status": "active", **data, **fields})


def test_a_manager_sets_the_address_on_the_edit_page_and_it_is_audited(
    client, db, org, make_staff, manager
):
    staff = make_staff(org["a1"], "李娜", "E002")
    db.session.commit()
    assert 'name="email"' in client.get(f"/staff/{staff.id}/edit").get_data(as_text=True)

    response = edit(client, staff, email=" Li.Na@Example.org ", reason="本人提供")

    assert response.status_code == 302
    assert person(db, "E002").email == "Li.Na@example.org"
    entry = audit_of(db, staff, "staff.update")
    assert (entry.before["email"], entry.after["email"]) == (None, "Li.Na@example.org")
    assert entry.actor_id == manager.id and entry.reason == "本人提供"
    log = client.get("/audit").get_data(as_text=True)
    assert "邮箱" in log and "Li.Na@example.org" in log
    page = client.get(f"/staff/{staff.id}").get_data(as_text=True)
    assert 'href="mailto:Li.Na@example.org"' in page


def test_the_edit_page_refuses_a_malformed_address_and_a_blank_one_clears_it(
    client, db, org, make_staff, manager
):
    staff = make_staff(org["a1"], "李娜", "E002", email="li.na@example.org")
    db.session.commit()

    refused = edit(client, staff, email="li.na@example")
    assert refused.status_code == 200
    assert "邮箱地址格式不正确" in refused.get_data(as_text=True)
    assert person(db, "E002").email == "li.na@example.org"

    assert edit(client, staff, email="").status_code == 302
    assert person(db, "E002").email is None


def test_a_manager_adds_a_person_with_an_address(client, db, org, manager):
    response = client.post(
        f"/units/{org['a'].id}/staff/new",
        data={"name": "王芳", "staff_no": "E001", "unit_id": org["a1"].id, "gender": "",
              "political_status": "", "email": "wang@example.org"},
    )  # fmt: skip
    assert response.status_code == 302
    assert person(db, "E001").email == "wang@example.org"


def test_a_coordinator_sees_only_that_there_is_an_address(
    client, db, org, make_staff, make_account, login_as
):
    staff = make_staff(org["a1"], "李娜", "E002", email="li.na@example.org")
    login_as(make_account("coord-a", Role.COORDINATOR, org["a"]))
    page = client.get(f"/staff/{staff.id}").get_data(as_text=True)
    assert "li.na@example.org" not in page and "已登记" in page


def test_my_data_lists_the_address_on_the_page_and_in_the_file(
    client, db, org, make_volunteer, login_as
):
    volunteer = make_volunteer(org["a1"], "王小明", email="xiaoming@example.org")
    db.session.commit()
    login_as(volunteer)

    page = client.get("/me/data").get_data(as_text=True)
    roster = re.search(r'<section class="card privacy-part" id="roster".*?</section>', page, re.S)
    assert roster and "邮箱" in roster.group(0) and "xiaoming@example.org" in roster.group(0)
    response = client.post("/me/data.xlsx", data={"full_id_number": "", "password": ""})
    header, row = workbook_of(response)["职工名册"]
    assert dict(zip(header, row, strict=True))["邮箱"] == "xiaoming@example.org"


def test_a_reminder_to_an_imported_person_is_mailed_to_the_imported_address(
    app, client, db, org, smtp_server, manager
):
    from volunteer.extensions import mail

    port, received = smtp_server
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DEFAULT_SENDER=SENDER, HUEY_IMMEDIATE=True
    )
    mail.init_app(app)
    import_file(
        csv_bytes(
            [staff_row("王芳", "E001", "Wang.Fang@Example.org"), staff_row("李娜", "E002", "")],
            HEADER,
        )
    )
    db.session.commit()

    response = client.post(
        f"/progress/units/{org['a'].id}/reminders",
        data={"year": local_today().year, "filter": "behind_pace"},
    )

    assert response.status_code == 302
    assert [(r.rcpt_tos, r.message["To"]) for r in received] == [
        (["Wang.Fang@example.org"], "Wang.Fang@example.org")
    ]
    assert "王芳，您好" in received[0].message.get_content()
    db.session.expire_all()
    statuses = {n.staff_member.name: n.mail_status for n in db.session.scalars(select(Notice))}
    assert statuses == {"王芳": MailStatus.SENT, "李娜": MailStatus.NO_ADDRESS}


def test_the_demo_gives_one_person_in_ten_an_address_at_example_org():
    people = make_people(3 * EMAIL_EVERY)
    addresses = [p.email for p in people if p.email]
    assert addresses == ["staff0001@example.org", "staff0011@example.org", "staff0021@example.org"]
    # Addresses are counted, not drawn: the people themselves are those of the same seed as before.
    assert [p.name for p in people] == [p.name for p in make_people(3 * EMAIL_EVERY)]
