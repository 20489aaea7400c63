"""Reads about the roster: a unit subtree's staff, searches, and headcounts done in SQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Integer, Select, Subquery, cast, exists, func, or_
from sqlalchemy.orm import aliased, contains_eager

from volunteer.extensions import db
from volunteer.people.models import EmploymentStatus, StaffMember, StaffTransfer
from volunteer.people.validation import fold_identifier, trim_name
from volunteer.registration.models import Registration, RegistrationStatus
from volunteer.units.models import Unit

STATUS_FILTERS = ("active", "left", "retired", "all")
REGISTRATION_FILTERS = ("any", "registered", "unregistered")


def _is_registered() -> ColumnElement:
    """True for staff with an active volunteer registration (pending ones do not count)."""
    return exists().where(
        Registration.staff_member_id == StaffMember.id,
        Registration.status == RegistrationStatus.ACTIVE,
    )


def roster(
    unit: Unit, *, search: str = "", status: str = "active", registration: str = "any"
) -> Select:
    """Select the staff of `unit`'s whole subtree, by unit code then 工号.

    `search` matches part of the name, the 工号 or the phone; `status` is one of STATUS_FILTERS
    and `registration` one of REGISTRATION_FILTERS.
    """
    query = (
        db.select(StaffMember)
        .join(StaffMember.unit)
        .options(contains_eager(StaffMember.unit))
        .where(Unit.path.startswith(unit.path, autoescape=True))
        .order_by(Unit.code, StaffMember.staff_no)
    )
    if status in set(EmploymentStatus):
        query = query.where(StaffMember.status == status)
    if registration == "registered":
        query = query.where(_is_registered())
    elif registration == "unregistered":
        query = query.where(~_is_registered())
    condition = _search_condition(search)
    if condition is not None:
        query = query.where(condition)
    return query


def registered_on(people: list[StaffMember]) -> dict[int, date]:
    """Map each of `people` who holds an active registration to its date."""
    if not people:
        return {}
    rows = db.session.execute(
        db.select(Registration.staff_member_id, Registration.registered_on).where(
            Registration.staff_member_id.in_([person.id for person in people]),
            Registration.status == RegistrationStatus.ACTIVE,
        )
    )
    return dict(rows.all())


def registered_count(unit: Unit) -> int:
    """Count the staff in service in `unit`'s subtree who have registered as volunteers."""
    return db.session.scalar(
        db.select(func.count(StaffMember.id))
        .join(StaffMember.unit)
        .where(
            Unit.path.startswith(unit.path, autoescape=True),
            StaffMember.status == EmploymentStatus.ACTIVE,
            _is_registered(),
        )
    )


def status_counts(unit: Unit, *, search: str = "") -> dict[str, int]:
    """Count the subtree's staff matching `search` by status, with the total under "all"."""
    query = (
        db.select(StaffMember.status, func.count(StaffMember.id))
        .join(StaffMember.unit)
        .where(Unit.path.startswith(unit.path, autoescape=True))
        .group_by(StaffMember.status)
    )
    condition = _search_condition(search)
    if condition is not None:
        query = query.where(condition)
    counts = dict.fromkeys(STATUS_FILTERS, 0)
    for status, n in db.session.execute(query):
        counts[status] = n
    counts["all"] = sum(counts.values())
    return counts


def _search_condition(search: str) -> ColumnElement | None:
    """Match a name the way names are stored, and 工号 or phone the way codes are stored."""
    name, code = trim_name(search), fold_identifier(search)
    if not name:
        return None
    return or_(
        StaffMember.name.contains(name, autoescape=True),
        StaffMember.staff_no.contains(code, autoescape=True),
        StaffMember.phone.contains(code, autoescape=True),
    )


def in_service_by_subtree(*unit_conditions: ColumnElement) -> Subquery:
    """Return (unit_id, in_service): staff in service in each unit's whole subtree.

    Staff are counted once per unit, then those counts are summed over every unit whose path
    starts with the ancestor's path, so a hospital's figure includes its departments.
    `unit_conditions` restrict the ancestors counted for (e.g. to the viewer's scope).
    """
    per_unit = (
        db.select(StaffMember.unit_id, func.count(StaffMember.id).label("n"))
        .where(StaffMember.status == EmploymentStatus.ACTIVE)
        .group_by(StaffMember.unit_id)
        .subquery()
    )
    member = aliased(Unit)
    return (
        db.select(
            Unit.id.label("unit_id"),
            cast(func.sum(per_unit.c.n), Integer).label("in_service"),
        )
        .join(member, member.path.startswith(Unit.path))
        .join(per_unit, per_unit.c.unit_id == member.id)
        .where(*unit_conditions)
        .group_by(Unit.id)
        .subquery()
    )


def in_service_count(unit: Unit) -> int:
    """Count the staff in service in `unit`'s subtree: the headcount both targets divide by."""
    return db.session.scalar(
        db.select(func.count(StaffMember.id))
        .join(StaffMember.unit)
        .where(
            Unit.path.startswith(unit.path, autoescape=True),
            StaffMember.status == EmploymentStatus.ACTIVE,
        )
    )


def staff_no_taken(staff_no: str, *, other_than: StaffMember | None = None) -> bool:
    """Say whether a 工号 already belongs to someone in the organisation."""
    query = db.select(StaffMember.id).where(StaffMember.staff_no == staff_no)
    if other_than is not None:
        query = query.where(StaffMember.id != other_than.id)
    return db.session.scalar(query) is not None


def transfer_history(person: StaffMember) -> list[StaffTransfer]:
    """Return a person's moves between units, most recent first."""
    return list(
        db.session.scalars(
            db.select(StaffTransfer)
            .where(StaffTransfer.staff_member_id == person.id)
            .order_by(StaffTransfer.effective_on.desc(), StaffTransfer.id.desc())
        )
    )


def latest_transfer(person: StaffMember) -> StaffTransfer | None:
    """Return the person's most recent move, if any."""
    history = transfer_history(person)
    return history[0] if history else None
