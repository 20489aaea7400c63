"""The demo's password and the volunteer login every demo volunteer gets."""

from flask import current_app
from werkzeug.security import generate_password_hash

from volunteer.audit.services import record_change
from volunteer.auth import services as auth_services
from volunteer.auth.models import Account, Role
from volunteer.extensions import db
from volunteer.people.models import StaffMember

# Every demo login's password, printed by demo-data.
DEMO_PASSWORD = "Demo@2026"


def open_volunteer_login(person: StaffMember) -> Account:
    """Give a staff member a volunteer login (username = 工号), as registering does."""
    account = auth_services.create_account(
        username=person.staff_no,
        password=DEMO_PASSWORD,
        display_name=person.name,
        phone=person.phone,
        staff_member=person,
        actor=None,
    )
    auth_services.grant_role(account=account, role=Role.VOLUNTEER, unit=person.unit, actor=None)
    return account


def open_volunteer_logins(people: list[StaffMember]) -> list[Account]:
    """Give each staff member a volunteer login, as registering does, all with one hash.

    One scrypt hash costs about 0.1 s: a hundred registered staff would double the load time.
    """
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    shared = generate_password_hash(DEMO_PASSWORD, method=method)
    accounts = []
    for person in people:
        account = Account(
            username=person.staff_no,
            display_name=person.name,
            phone=person.phone,
            staff_member=person,
            password_hash=shared,
        )
        db.session.add(account)
        db.session.flush()
        record_change(
            action="account.create",
            subject_type="account",
            subject_id=account.id,
            unit_id=person.unit_id,
            after={"username": account.username, "display_name": person.name, "active": True},
            actor_id=None,
        )
        auth_services.grant_role(account=account, role=Role.VOLUNTEER, unit=person.unit, actor=None)
        accounts.append(account)
    return accounts
