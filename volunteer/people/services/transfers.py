"""Move people between units: a transfer keeps where they came from; the volunteer role follows."""

from __future__ import annotations

from datetime import date
from typing import cast

from flask_babel import gettext as _
from sqlalchemy import CursorResult, exists, update
from sqlalchemy.orm import aliased

from volunteer.audit.services import record_change
from volunteer.auth.models import Account, Role, RoleGrant
from volunteer.clock import local_today
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.people.models import StaffMember, StaffTransfer
from volunteer.people.queries import latest_transfer
from volunteer.people.services.roster import staff_snapshot
from volunteer.units.models import Unit


def transfer_staff_member(
    *,
    person: StaffMember,
    to_unit: Unit,
    effective_on: date | None,
    reason: str | None = None,
    actor: Account | None,
) -> StaffTransfer:
    """Move a person in service to another unit from a date, keeping where they came from."""
    if not person.in_service:
        raise DomainError(_("只能调动在职职工。"))
    if to_unit.id == person.unit_id:
        raise DomainError(_("该职工已在此单位。"))
    if to_unit.is_retired:
        raise DomainError(_("目标单位已撤销。"))
    if effective_on is None:
        raise DomainError(_("请填写调动生效日期。"))
    if effective_on > local_today():
        raise DomainError(_("调动生效日期不能晚于今天。"))
    if person.hired_on and effective_on < person.hired_on:
        raise DomainError(_("调动生效日期不能早于入职日期。"))
    previous = latest_transfer(person)
    if previous and effective_on < previous.effective_on:
        raise DomainError(
            _("调动生效日期不能早于上一次调动（%(on)s）。", on=previous.effective_on.isoformat())
        )
    before = staff_snapshot(person)
    transfer = StaffTransfer(
        staff_member=person,
        from_unit_id=person.unit_id,
        to_unit_id=to_unit.id,
        effective_on=effective_on,
        reason=reason,
        recorded_by_id=actor.id if actor else None,
    )
    db.session.add(transfer)
    person.unit = to_unit
    db.session.flush()
    after = {**staff_snapshot(person), "effective_on": effective_on.isoformat()}
    if move_volunteer_role(staff_member_id=person.id, to_unit_id=to_unit.id):
        after["volunteer_role_moved"] = True
    record_change(
        action="staff.transfer",
        subject_type="staff_member",
        subject_id=person.id,
        unit_id=to_unit.id,
        before=before,
        after=after,
        reason=reason,
        actor_id=actor.id if actor else None,
    )
    return transfer


def move_volunteer_role(*, staff_member_id: int, to_unit_id: int) -> bool:
    """Move the live volunteer role of the person's login to their new unit; say if one moved.

    A staff volunteer volunteers for the unit they work in, so the role follows a transfer
    (other roles were granted by hand for a unit, and stay). The caller audits the transfer.
    """
    already_there = aliased(RoleGrant)
    moved = db.session.execute(
        update(RoleGrant)
        .where(
            RoleGrant.role == Role.VOLUNTEER,
            RoleGrant.revoked_at.is_(None),
            RoleGrant.account_id.in_(
                db.select(Account.id).where(Account.staff_member_id == staff_member_id)
            ),
            # A login already volunteering there keeps that grant; a second would collide.
            ~exists().where(
                already_there.account_id == RoleGrant.account_id,
                already_there.role == Role.VOLUNTEER,
                already_there.unit_id == to_unit_id,
                already_there.revoked_at.is_(None),
            ),
        )
        .values(unit_id=to_unit_id)
        .execution_options(synchronize_session="fetch")
    )
    return cast(CursorResult, moved).rowcount > 0
