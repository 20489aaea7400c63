"""Name the people, units and things a batch of audit entries mentions: one query per kind.

The log keeps ids (account_id, unit_id, activity_id …) as they were; an inspector reads names.
However many entries a page holds, naming them costs one statement per kind of thing named.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, or_

from volunteer.activities.models import (
    Activity,
    Category,
    MonthlyTheme,
    Project,
    Signup,
    Team,
    TeamMember,
    activity_number,
)
from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Account
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.records.models import Correction, ServiceRecord
from volunteer.registration.models import Registration
from volunteer.scanner.models import CodeKind, VolunteerCode
from volunteer.units.models import Unit

# Before/after fields holding the id of something with a name, and the kind of that thing
# (the kinds are the log's subject types).
ID_FIELDS = {
    "unit_id": "unit",
    "parent_id": "unit",
    "account_id": "account",
    "issued_by_id": "account",
    "revoked_by_id": "account",
    "staff_member_id": "staff_member",
    "activity_id": "activity",
    "team_id": "team",
    "project_id": "project",
    "category_id": "category",
    "theme_id": "theme",
    "record_id": "service_record",
}
# Role grants keep the unit by its code.
UNIT_CODE_FIELDS = {"unit"}


@dataclass
class Names:
    """The names found for a batch of entries, by kind and id (units also by code)."""

    known: dict[str, dict[Any, str]] = field(default_factory=dict)

    def of(self, kind: str, key: Any) -> str | None:
        """Return the name of `kind` `key`, or None when it is not known."""
        return self.known.get(kind, {}).get(key)


def names_for(entries: Iterable[AuditEntry]) -> Names:
    """Read the names of everything the entries mention, one statement per kind."""
    wanted: dict[str, set[Any]] = defaultdict(set)
    for entry in entries:
        if entry.actor_id is not None:
            wanted["account"].add(entry.actor_id)
        if entry.unit_id is not None:
            wanted["unit"].add(entry.unit_id)
        if entry.subject_id is not None and (
            entry.subject_type in LOOKUPS or entry.subject_type == "unit"
        ):
            wanted[entry.subject_type].add(entry.subject_id)
        for values in (entry.before, entry.after):
            for name, value in (values or {}).items():
                kind = ID_FIELDS.get(name)
                if kind and isinstance(value, int) and not isinstance(value, bool):
                    wanted[kind].add(value)
                elif name in UNIT_CODE_FIELDS and isinstance(value, str):
                    wanted["unit_code"].add(value)
    names = Names()
    unit_ids, unit_codes = wanted.pop("unit", set()), wanted.pop("unit_code", set())
    if unit_ids or unit_codes:
        names.known["unit"], names.known["unit_code"] = _units(unit_ids, unit_codes)
    for kind, keys in wanted.items():
        if keys:
            names.known[kind] = LOOKUPS[kind](keys)
    return names


def person(name: str | None, number: str | None) -> str:
    """Name a person with their 工号 (or username), so two people of one name stay apart."""
    if not name:
        return number or ""
    if not number or number == name:
        return name
    return _("%(name)s（%(number)s）", name=name, number=number)


def _units(ids: set[int], codes: set[str]) -> tuple[dict[Any, str], dict[Any, str]]:
    by_id: dict[Any, str] = {}
    by_code: dict[Any, str] = {}
    query = db.select(Unit.id, Unit.code, Unit.name).where(
        or_(Unit.id.in_(ids), Unit.code.in_(codes))
    )
    for unit_id, code, name in db.session.execute(query):
        by_id[unit_id], by_code[code] = name, name
    return by_id, by_code


# The person a login names: the roster's name and 工号 where there is one.
_NAME = func.coalesce(StaffMember.name, Account.display_name)
_NUMBER = func.coalesce(StaffMember.staff_no, Account.username)


def _of_person(model, *columns, join=()) -> Callable[[set[Any]], dict[Any, str]]:
    """Name rows of `model` by their person, then the other `columns` (" · " between)."""

    def lookup(keys: set[Any]) -> dict[Any, str]:
        query = (
            db.select(model.id, _NAME, _NUMBER, *columns)
            .join(Account, Account.id == model.account_id)
            .outerjoin(StaffMember, StaffMember.id == Account.staff_member_id)
            .where(model.id.in_(keys))
        )
        for target, on in join:
            query = query.outerjoin(target, on)
        return {
            key: " · ".join(str(part) for part in (person(name, number), *rest) if part)
            for key, name, number, *rest in db.session.execute(query)
        }

    return lookup


def _accounts(keys: set[Any]) -> dict[Any, str]:
    query = (
        db.select(Account.id, _NAME, _NUMBER)
        .outerjoin(StaffMember, StaffMember.id == Account.staff_member_id)
        .where(Account.id.in_(keys))
    )
    return {key: person(name, number) for key, name, number in db.session.execute(query)}


def _staff(keys: set[Any]) -> dict[Any, str]:
    query = db.select(StaffMember.id, StaffMember.name, StaffMember.staff_no).where(
        StaffMember.id.in_(keys)
    )
    return {key: person(name, number) for key, name, number in db.session.execute(query)}


def _registrations(keys: set[Any]) -> dict[Any, str]:
    # A claim nobody matched to the roster yet is named as it was typed.
    query = (
        db.select(
            Registration.id,
            func.coalesce(StaffMember.name, Registration.claimed_name),
            func.coalesce(StaffMember.staff_no, Registration.claimed_staff_no),
        )
        .outerjoin(StaffMember, StaffMember.id == Registration.staff_member_id)
        .where(Registration.id.in_(keys))
    )
    return {key: person(name, number) for key, name, number in db.session.execute(query)}


def _activities(keys: set[Any]) -> dict[Any, str]:
    query = db.select(Activity.id, Activity.title).where(Activity.id.in_(keys))
    return {key: person(title, activity_number(key)) for key, title in db.session.execute(query)}


def _named(column, id_column) -> Callable[[set[Any]], dict[Any, str]]:
    def lookup(keys: set[Any]) -> dict[Any, str]:
        query = db.select(id_column, column).where(id_column.in_(keys))
        return dict(db.session.execute(query).all())

    return lookup


def _themes(keys: set[Any]) -> dict[Any, str]:
    query = db.select(
        MonthlyTheme.id, MonthlyTheme.year, MonthlyTheme.month, MonthlyTheme.title
    ).where(MonthlyTheme.id.in_(keys))
    return {
        key: _("%(year)d 年 %(month)d 月：%(title)s", year=year, month=month, title=title)
        for key, year, month, title in db.session.execute(query)
    }


def _codes(keys: set[Any]) -> dict[Any, str]:
    query = (
        db.select(VolunteerCode.id, _NAME, _NUMBER, VolunteerCode.kind)
        .join(Account, Account.id == VolunteerCode.account_id)
        .outerjoin(StaffMember, StaffMember.id == Account.staff_member_id)
        .where(VolunteerCode.id.in_(keys))
    )
    return {
        key: f"{person(name, number)} · {_(CodeKind(kind).label)}"
        for key, name, number, kind in db.session.execute(query)
    }


LOOKUPS: dict[str, Callable[[set[Any]], dict[Any, str]]] = {
    "account": _accounts,
    "staff_member": _staff,
    "registration": _registrations,
    "activity": _activities,
    "category": _named(Category.name, Category.id),
    "theme": _themes,
    "team": _named(Team.name, Team.id),
    "project": _named(Project.name, Project.id),
    "service_record": _of_person(
        ServiceRecord,
        Activity.title,
        ServiceRecord.service_date,
        join=[(Activity, Activity.id == ServiceRecord.activity_id)],
    ),
    "correction": _of_person(
        Correction, Activity.title, join=[(Activity, Activity.id == Correction.activity_id)]
    ),
    "signup": _of_person(
        Signup, Activity.title, join=[(Activity, Activity.id == Signup.activity_id)]
    ),
    "team_member": _of_person(TeamMember, Team.name, join=[(Team, Team.id == TeamMember.team_id)]),
    "volunteer_code": _codes,
}
