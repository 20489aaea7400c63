"""Changes to a person on the roster: add, edit, mark as left; each audited, committed by caller.

Nobody is ever deleted: leaving is a status with an end date (moves are in transfers.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask_babel import gettext as _

from volunteer.audit.services import record_change, snapshot
from volunteer.auth.models import Account
from volunteer.clock import local_today
from volunteer.errors import Conflict, DomainError
from volunteer.extensions import db
from volunteer.people.models import EmploymentStatus, StaffMember
from volunteer.people.queries import staff_no_taken
from volunteer.people.validation import (
    GENDERS,
    clean_text,
    email_problem,
    fold_identifier,
    id_card_problem,
    is_valid_phone,
    normalise_email,
    normalise_phone,
    trim_name,
)
from volunteer.units.models import Unit

# The roster's own fields, every one audited; bulk writers list them (demo/city_staff.py).
AUDITED_FIELDS = [
    "staff_no",
    "name",
    "unit_id",
    "phone",
    "gender",
    "id_card",
    "political_status",
    "hired_on",
    "status",
    "left_on",
]
# Optional contact details, audited too; a bulk writer that leaves them out leaves them empty.
CONTACT_FIELDS = ["email"]
SNAPSHOT_FIELDS = [*AUDITED_FIELDS, *CONTACT_FIELDS]
# What an edit may change; the unit changes only through a transfer, which keeps history.
EDITABLE_FIELDS = frozenset(SNAPSHOT_FIELDS) - {"unit_id"}


def staff_snapshot(person: StaffMember) -> dict[str, Any]:
    """Snapshot the audited fields; the audit log never holds a full ID-card number either."""
    return snapshot(person, SNAPSHOT_FIELDS)


def clean_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Normalise the given fields as the forms and imports do; raise DomainError if one is bad."""
    clean = dict(fields)
    if "name" in clean:
        clean["name"] = trim_name(clean["name"])
        if not clean["name"] or len(clean["name"]) > 50:
            raise DomainError(_("请填写姓名（不超过 50 个字）。"))
    if "staff_no" in clean:
        clean["staff_no"] = fold_identifier(clean["staff_no"])
        if not clean["staff_no"] or len(clean["staff_no"]) > 32:
            raise DomainError(_("请填写工号（不超过 32 个字符）。"))
    if "phone" in clean:
        clean["phone"] = normalise_phone(clean["phone"]) or None
        if clean["phone"] and not is_valid_phone(clean["phone"]):
            raise DomainError(_("手机号 %(phone)s 格式不正确。", phone=clean["phone"]))
    if "email" in clean:
        clean["email"] = normalise_email(clean["email"]) or None
        problem = clean["email"] and email_problem(clean["email"])
        if problem:
            raise DomainError(_(problem))
    if "gender" in clean:
        clean["gender"] = clean_text(clean["gender"]) or None
        if clean["gender"] and clean["gender"] not in GENDERS:
            raise DomainError(_("性别只能是“男”或“女”。"))
    if "id_card" in clean:
        clean["id_card"] = fold_identifier(clean["id_card"]) or None
        problem = clean["id_card"] and id_card_problem(clean["id_card"])
        if problem:
            raise DomainError(_(problem))
    if "political_status" in clean:
        clean["political_status"] = clean_text(clean["political_status"]) or None
        if clean["political_status"] and len(clean["political_status"]) > 20:
            raise DomainError(_("政治面貌不超过 20 个字。"))
    return clean


def _check_staff_no_free(staff_no: str, person: StaffMember | None = None) -> None:
    if staff_no_taken(staff_no, other_than=person):
        raise Conflict(_("工号 %(no)s 已被其他职工使用。", no=staff_no))


def _check_end_date(hired_on: date | None, on: date | None) -> None:
    """An end of service needs a date, not before hiring and not in the future."""
    if on is None:
        raise DomainError(_("请填写离职（退休）日期。"))
    if hired_on and on < hired_on:
        raise DomainError(_("离职（退休）日期不能早于入职日期。"))
    if on > local_today():
        raise DomainError(_("离职（退休）日期不能晚于今天。"))


def add_staff_member(
    *,
    unit: Unit,
    name: str,
    staff_no: str,
    phone: str | None = None,
    email: str | None = None,
    gender: str | None = None,
    id_card: str | None = None,
    political_status: str | None = None,
    hired_on: date | None = None,
    actor: Account | None,
) -> StaffMember:
    """Put a person in service on a unit's roster."""
    if unit.is_retired:
        raise DomainError(_("单位已撤销，不能新增职工。"))
    fields = clean_fields(
        {
            "name": name,
            "staff_no": staff_no,
            "phone": phone,
            "email": email,
            "gender": gender,
            "id_card": id_card,
            "political_status": political_status,
        }
    )
    _check_staff_no_free(fields["staff_no"])
    person = StaffMember(
        unit=unit, hired_on=hired_on, status=EmploymentStatus.ACTIVE, left_on=None, **fields
    )
    db.session.add(person)
    db.session.flush()
    record_change(
        action="staff.create",
        subject_type="staff_member",
        subject_id=person.id,
        unit_id=unit.id,
        after=staff_snapshot(person),
        actor_id=actor.id if actor else None,
    )
    return person


def update_staff_member(
    *,
    person: StaffMember,
    changes: Mapping[str, Any],
    reason: str | None = None,
    actor: Account | None,
) -> bool:
    """Apply an edit (fields left out stay as they are); return whether anything changed.

    Setting the status back to active reinstates a person who left and clears the end date;
    setting it to left or retired needs an end date.
    """
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    fields = clean_fields(changes)
    login = None
    if "staff_no" in fields and fields["staff_no"] != person.staff_no:
        _check_staff_no_free(fields["staff_no"], person)
        login = _login_named_by_staff_no(person, fields["staff_no"])
    status = EmploymentStatus(fields.get("status", person.status))
    if status == EmploymentStatus.ACTIVE:
        if not person.in_service and person.unit.is_retired:
            raise DomainError(
                _("该职工所在单位已撤销，不能恢复在职；请通过名册导入填写新的单位编码。")
            )
        fields["left_on"] = None
    else:
        _check_end_date(
            fields.get("hired_on", person.hired_on), fields.get("left_on", person.left_on)
        )
    before_values = {name: getattr(person, name) for name in SNAPSHOT_FIELDS}
    before = staff_snapshot(person)
    for name, value in fields.items():
        setattr(person, name, value)
    if {name: getattr(person, name) for name in SNAPSHOT_FIELDS} == before_values:
        return False
    db.session.flush()
    record_change(
        action=_edit_action(EmploymentStatus(before["status"]), status),
        subject_type="staff_member",
        subject_id=person.id,
        unit_id=person.unit_id,
        before=before,
        after=staff_snapshot(person),
        reason=reason,
        actor_id=actor.id if actor else None,
    )
    if login is not None:
        _rename_login(login, person, reason, actor)
    return True


def _edit_action(was: EmploymentStatus, now: EmploymentStatus) -> str:
    """Name an edit in the audit log as the leave and transfer pages name the same change."""
    if was != EmploymentStatus.ACTIVE and now == EmploymentStatus.ACTIVE:
        return "staff.reinstate"
    if was == EmploymentStatus.ACTIVE and now != EmploymentStatus.ACTIVE:
        return "staff.leave"
    return "staff.update"


def _login_named_by_staff_no(person: StaffMember, new_staff_no: str) -> Account | None:
    """Return the person's login whose username is their 工号, once the new one is free for it."""
    login = db.session.scalar(
        db.select(Account).where(
            Account.staff_member_id == person.id, Account.username == person.staff_no
        )
    )
    if login is not None and db.session.scalar(
        db.select(Account.id).where(Account.username == new_staff_no, Account.id != login.id)
    ):
        raise Conflict(_("工号 %(no)s 已是另一个账号的用户名，不能改为此工号。", no=new_staff_no))
    return login


def _rename_login(
    login: Account, person: StaffMember, reason: str | None, actor: Account | None
) -> None:
    """Give the login the new 工号, which staff volunteers log in with."""
    before = {"username": login.username}
    login.username = person.staff_no
    db.session.flush()
    record_change(
        action="account.update",
        subject_type="account",
        subject_id=login.id,
        unit_id=person.unit_id,
        before=before,
        after={"username": login.username},
        reason=reason,
        actor_id=actor.id if actor else None,
    )


def mark_left(
    *,
    person: StaffMember,
    on: date | None,
    status: EmploymentStatus = EmploymentStatus.LEFT,
    reason: str | None = None,
    actor: Account | None,
) -> None:
    """End a person's service (离职 or 退休) on a date; they stay on the roster as history."""
    if status == EmploymentStatus.ACTIVE:
        raise ValueError("mark_left needs left or retired")
    if not person.in_service:
        raise DomainError(_("该职工已不在职。"))
    _check_end_date(person.hired_on, on)
    before = staff_snapshot(person)
    person.status, person.left_on = status, on
    db.session.flush()
    record_change(
        action="staff.leave",
        subject_type="staff_member",
        subject_id=person.id,
        unit_id=person.unit_id,
        before=before,
        after=staff_snapshot(person),
        reason=reason,
        actor_id=actor.id if actor else None,
    )
