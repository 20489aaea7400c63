"""Account and role changes: each one flushed and audited, committed by the caller."""

from __future__ import annotations

import secrets
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from volunteer.audit.services import record_change
from volunteer.auth.models import Account, Role, RoleGrant
from volunteer.clock import utc_now
from volunteer.errors import Conflict, DomainError
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.units.models import Unit

MIN_PASSWORD_LENGTH = 8


def check_password_strength(password: str) -> None:
    """Refuse passwords too short to survive a guess."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(_("密码至少需要 %(n)d 位。", n=MIN_PASSWORD_LENGTH))


def create_account(
    *,
    username: str,
    password: str,
    display_name: str,
    phone: str | None = None,
    staff_member: StaffMember | None = None,
    active: bool = True,
) -> Account:
    """Create a login; usernames and phones are unique."""
    check_password_strength(password)
    if db.session.scalar(db.select(Account.id).where(Account.username == username)):
        raise Conflict(_("用户名 %(name)s 已被使用。", name=username))
    if phone and db.session.scalar(db.select(Account.id).where(Account.phone == phone)):
        raise Conflict(_("手机号 %(phone)s 已注册账号。", phone=phone))
    account = Account(
        username=username,
        display_name=display_name,
        phone=phone,
        staff_member=staff_member,
        active=active,
    )
    account.set_password(password)
    db.session.add(account)
    db.session.flush()
    record_change(
        action="account.create",
        subject_type="account",
        subject_id=account.id,
        unit_id=staff_member.unit_id if staff_member else None,
        after={"username": username, "display_name": display_name, "active": active},
    )
    return account


def grant_role(*, account: Account, role: Role, unit: Unit, reason: str | None = None) -> RoleGrant:
    """Give `account` the `role` over `unit`'s subtree."""
    existing = db.session.scalar(
        db.select(RoleGrant).where(
            RoleGrant.account_id == account.id,
            RoleGrant.role == role,
            RoleGrant.unit_id == unit.id,
            RoleGrant.revoked_at.is_(None),
        )
    )
    if existing:
        raise Conflict(_("该账号已拥有此角色。"))
    grant = RoleGrant(account=account, role=role, unit=unit)
    db.session.add(grant)
    db.session.flush()
    db.session.expire(account, ["grants"])
    record_change(
        action="role.grant",
        subject_type="account",
        subject_id=account.id,
        unit_id=unit.id,
        after={"role": str(role), "unit": unit.code},
        reason=reason,
    )
    return grant


def revoke_role(*, grant: RoleGrant, reason: str | None = None) -> None:
    """End a grant; the row stays as history."""
    grant.revoked_at = utc_now()
    db.session.flush()
    db.session.expire(grant.account, ["grants"])
    record_change(
        action="role.revoke",
        subject_type="account",
        subject_id=grant.account_id,
        unit_id=grant.unit_id,
        before={"role": grant.role, "unit": grant.unit.code},
        reason=reason,
    )


def change_password(*, account: Account, current: str, new: str) -> None:
    """Change a password after checking the old one; other sessions of the account end."""
    if not account.check_password(current):
        raise DomainError(_("当前密码不正确。"))
    check_password_strength(new)
    account.set_password(new)
    account.session_version += 1
    db.session.flush()
    record_change(action="account.password", subject_type="account", subject_id=account.id)


def set_account_active(*, account: Account, active: bool, reason: str | None = None) -> None:
    """Enable or disable a login; disabling ends its sessions."""
    before = account.active
    account.active = active
    account.session_version += 1
    db.session.flush()
    record_change(
        action="account.activate" if active else "account.deactivate",
        subject_type="account",
        subject_id=account.id,
        before={"active": before},
        after={"active": active},
        reason=reason,
    )


def find_login(identifier: str) -> Account | None:
    """Find the account a login form names, by username (工号) or phone."""
    identifier = identifier.strip()
    return db.session.scalar(
        db.select(Account).where((Account.username == identifier) | (Account.phone == identifier))
    )


def authenticate(identifier: str, password: str) -> Account | None:
    """Return the active account matching the credentials, else None."""
    account = find_login(identifier)
    if account is None:
        # Hash anyway, so the answer takes as long for an unknown name as for a known one
        # and response times do not tell which 工号 or phones have logins.
        check_password_hash(_decoy_hash(), password)
        return None
    if not account.check_password(password) or not account.active:
        return None
    account.last_login_at = utc_now()
    return account


@cache
def _decoy_hash_for(method: str) -> str:
    return generate_password_hash(secrets.token_hex(16), method=method)


def _decoy_hash() -> str:
    return _decoy_hash_for(current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"))
