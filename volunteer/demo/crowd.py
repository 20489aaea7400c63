"""Many registered volunteers of one unit at once: for load tests and benchmarks.

Written as rows, not through registration, so thousands take a second; each gets a staff
entry, a login with the given password hash, the volunteer role and an active registration.
"""

from __future__ import annotations

from volunteer.auth.models import Account, Role, RoleGrant
from volunteer.clock import local_today
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.registration.models import Registration, RegistrationStatus
from volunteer.units.models import Unit


def enrol_volunteers(
    unit: Unit,
    count: int,
    *,
    staff_prefix: str,
    phone_prefix: str,
    password_hash: str,
    first: int = 0,
) -> list[Account]:
    """Add `count` registered volunteers of `unit` (工号 prefix + number); flush, not commit."""
    people = [
        StaffMember(
            unit_id=unit.id,
            name=f"志愿者{n}",
            staff_no=f"{staff_prefix}{n:05d}",
            phone=f"{phone_prefix}{n:08d}",
        )
        for n in range(first, first + count)
    ]
    db.session.add_all(people)
    db.session.flush()
    accounts = [
        Account(
            username=person.staff_no,
            display_name=person.name,
            password_hash=password_hash,
            staff_member_id=person.id,
        )
        for person in people
    ]
    db.session.add_all(accounts)
    db.session.flush()
    for person, account in zip(people, accounts, strict=True):
        db.session.add(RoleGrant(account_id=account.id, role=Role.VOLUNTEER, unit_id=unit.id))
        db.session.add(
            Registration(
                status=RegistrationStatus.ACTIVE,
                unit_id=unit.id,
                staff_member_id=person.id,
                account_id=account.id,
                claimed_name=person.name,
                claimed_staff_no=person.staff_no,
                phone=person.phone,
                registered_on=local_today(),
            )
        )
    db.session.flush()
    return accounts
