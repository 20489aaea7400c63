"""A manager resolves a registration that did not match the roster: approve or reject it."""

from __future__ import annotations

from flask_babel import gettext as _

from volunteer.audit.services import record_change, snapshot
from volunteer.auth.models import Account, Role
from volunteer.auth.services import grant_role, set_account_active
from volunteer.clock import utc_now
from volunteer.errors import Conflict, DomainError
from volunteer.extensions import db
from volunteer.people.models import EmploymentStatus, StaffMember
from volunteer.registration.models import Registration, RegistrationStatus
from volunteer.registration.queries import registration_of_staff
from volunteer.registration.services.audit_trail import AUDITED_FIELDS, audit_registration


def approve_registration(
    *,
    registration: Registration,
    staff: StaffMember,
    resolved_by: Account,
    reason: str | None = None,
) -> None:
    """Link a pending registration to the staff member a manager picked, and open its login."""
    _check_pending(registration)
    if staff.status != EmploymentStatus.ACTIVE:
        raise DomainError(_("%(name)s 不是在职职工，不能关联。", name=staff.name))
    if registration_of_staff(staff) is not None:
        raise Conflict(_("%(name)s（%(no)s）已注册。", name=staff.name, no=staff.staff_no))
    account = registration.account
    taken = db.session.scalar(
        db.select(Account.id).where(
            (Account.username == staff.staff_no) | (Account.staff_member_id == staff.id),
            Account.id != (account.id if account else None),
        )
    )
    if taken:
        raise Conflict(_("工号 %(no)s 已有登录账号。", no=staff.staff_no))

    before = snapshot(registration, AUDITED_FIELDS)
    registration.staff_member = staff
    registration.status = RegistrationStatus.ACTIVE
    _resolve(registration, resolved_by, reason)
    db.session.flush()
    if account is not None:
        _open_login(account, staff, resolved_by)
    audit_registration(
        registration,
        "registration.approve",
        unit_id=staff.unit_id,
        before=before,
        reason=reason,
        actor=resolved_by,
    )


def _open_login(account: Account, staff: StaffMember, actor: Account) -> None:
    """Turn a pending login into the staff member's own: 工号 as username, volunteer role."""
    before = snapshot(account, ["username", "display_name", "staff_member_id"])
    account.username = staff.staff_no
    account.display_name = staff.name
    account.staff_member = staff
    db.session.flush()
    record_change(
        action="account.update",
        subject_type="account",
        subject_id=account.id,
        unit_id=staff.unit_id,
        before=before,
        after=snapshot(account, ["username", "display_name", "staff_member_id"]),
        actor_id=actor.id,
    )
    set_account_active(account=account, active=True, reason="注册已核对通过", actor=actor)
    grant_role(
        account=account, role=Role.VOLUNTEER, unit=staff.unit, reason="志愿者注册", actor=actor
    )


def reject_registration(*, registration: Registration, resolved_by: Account, reason: str) -> None:
    """Turn down a pending registration; its login stays disabled."""
    _check_pending(registration)
    if not reason.strip():
        raise DomainError(_("请填写驳回原因。"))
    before = snapshot(registration, AUDITED_FIELDS)
    registration.status = RegistrationStatus.REJECTED
    _resolve(registration, resolved_by, reason)
    db.session.flush()
    audit_registration(
        registration,
        "registration.reject",
        unit_id=registration.unit_id,
        before=before,
        reason=reason,
        actor=resolved_by,
    )


def _check_pending(registration: Registration) -> None:
    if registration.status != RegistrationStatus.PENDING:
        raise DomainError(_("该注册申请已处理。"))


def _resolve(registration: Registration, resolved_by: Account, reason: str | None) -> None:
    registration.resolved_by_id = resolved_by.id
    registration.resolved_at = utc_now()
    registration.resolution_reason = reason or None
