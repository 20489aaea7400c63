"""Reads about registrations: the public link's unit, a person's own, a manager's pending list."""

from __future__ import annotations

from sqlalchemy import Row, Select, and_, exists, false, or_

from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import unit_scope_clause
from volunteer.extensions import db
from volunteer.people.models import EmploymentStatus, StaffMember
from volunteer.registration.models import Registration, RegistrationStatus
from volunteer.units.models import Unit

CANDIDATE_LIMIT = 8


def unit_for_link(code: str) -> Unit | None:
    """Return the live unit whose registration link carries `code`; retired units have none."""
    return db.session.scalar(db.select(Unit).where(Unit.code == code, Unit.retired_on.is_(None)))


def registration_of_staff(person: StaffMember) -> Registration | None:
    """Return a staff member's registration (active, or pending approval), if any."""
    return db.session.scalar(
        db.select(Registration).where(Registration.staff_member_id == person.id)
    )


def registration_of_account(account: Account) -> Registration | None:
    """Return the registration a login belongs to, if any."""
    return db.session.scalar(db.select(Registration).where(Registration.account_id == account.id))


def pending_registrations(viewer: Account) -> Select:
    """Select pending registrations made through links of the viewer's units, newest first."""
    return (
        db.select(Registration)
        .join(Unit, Registration.unit_id == Unit.id)
        .where(
            Registration.status == RegistrationStatus.PENDING,
            unit_scope_clause(viewer, Role.MANAGER),
        )
        .order_by(Registration.created_at.desc(), Registration.id.desc())
    )


def candidate_matches(registration: Registration, viewer: Account) -> list[Row]:
    """Return roster entries the typed details may mean, each with why and whether registered.

    A candidate shares the typed 工号, or the typed name within the subtree of the unit whose
    link was used, or the typed phone; only staff the viewer manages are shown. Rows have
    `StaffMember`, `same_staff_no`, `same_name`, `same_phone`, `registered` and `linkable`
    (in service and not registered: the manager may pick them); the closest (same 工号, then
    same name) come first.
    """
    reg_unit = registration.unit
    same_staff_no = (
        StaffMember.staff_no == registration.claimed_staff_no
        if registration.claimed_staff_no
        else false()
    )
    same_name = and_(
        StaffMember.name == registration.claimed_name,
        Unit.path.startswith(reg_unit.path, autoescape=True),
    )
    same_phone = StaffMember.phone == registration.phone if registration.phone else false()
    registered = exists().where(Registration.staff_member_id == StaffMember.id)
    # Order by the labels, not the expressions: SQLite reads a bare constant as a column number.
    by_staff_no, by_name = same_staff_no.label("same_staff_no"), same_name.label("same_name")
    query = (
        db.select(
            StaffMember,
            by_staff_no,
            by_name,
            same_phone.label("same_phone"),
            registered.label("registered"),
            and_(StaffMember.status == EmploymentStatus.ACTIVE, ~registered).label("linkable"),
        )
        .join(Unit, StaffMember.unit_id == Unit.id)
        .where(or_(same_staff_no, same_name, same_phone), unit_scope_clause(viewer, Role.MANAGER))
        .order_by(by_staff_no.desc(), by_name.desc(), StaffMember.staff_no)
        .limit(CANDIDATE_LIMIT)
    )
    return list(db.session.execute(query))


def staff_by_number(staff_no: str) -> StaffMember | None:
    """Return the staff member with this 工号, in service or not."""
    return db.session.scalar(db.select(StaffMember).where(StaffMember.staff_no == staff_no))
