"""Account and role changes: each one flushed and audited, committed by the caller."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from volunteer import clock
from volunteer.audit.services import record_change
from volunteer.auth import device_logins, lockout
from volunteer.auth.models import Account, DeviceLogin, Role, RoleGrant
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
    actor: Account | None,
) -> Account:
    """Create a login; usernames and phones are unique. `actor` None: the system or a newcomer."""
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
        actor_id=actor.id if actor else None,
    )
    return account


def grant_role(
    *, account: Account, role: Role, unit: Unit, reason: str | None = None, actor: Account | None
) -> RoleGrant:
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
        actor_id=actor.id if actor else None,
    )
    return grant


def revoke_role(*, grant: RoleGrant, reason: str | None = None, actor: Account | None) -> None:
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
        actor_id=actor.id if actor else None,
    )


def change_password(
    *, account: Account, current: str, new: str, keep: DeviceLogin | None = None
) -> None:
    """Change a password after checking the old one; every login but `keep` (this one) ends."""
    if not account.check_password(current):
        raise DomainError(_("当前密码不正确。"))
    check_password_strength(new)
    account.set_password(new)
    device_logins.end_logins(account=account, keep=keep)
    db.session.flush()
    # Only the person themself changes their password here: they are the actor.
    record_change(
        action="account.password",
        subject_type="account",
        subject_id=account.id,
        actor_id=account.id,
    )


def set_account_active(
    *, account: Account, active: bool, reason: str | None = None, actor: Account | None
) -> None:
    """Enable or disable a login; disabling ends it on every device."""
    before = account.active
    account.active = active
    if not active:
        device_logins.end_logins(account=account)
    db.session.flush()
    record_change(
        action="account.activate" if active else "account.deactivate",
        subject_type="account",
        subject_id=account.id,
        before={"active": before},
        after={"active": active},
        reason=reason,
        actor_id=actor.id if actor else None,
    )


def find_login(identifier: str) -> Account | None:
    """Find the account a login form names, by username (工号) or phone."""
    identifier = identifier.strip()
    # Other processes count wrong passwords on the same row: read it as stored now, even if
    # this session holds an older copy of the account.
    return db.session.scalar(
        db.select(Account)
        .where((Account.username == identifier) | (Account.phone == identifier))
        .execution_options(populate_existing=True)
    )


def record_failed_login(account: Account | None) -> None:
    """Log a refused login, naming the account only when the identifier named one.

    Never store what was typed: people type passwords into the name box, and the log keeps
    everything for ten years.
    """
    record_change(
        action="account.login_failed",
        subject_type="account",
        subject_id=account.id if account else None,
        actor_id=None,
    )


@dataclass(frozen=True)
class LoginAttempt:
    """What a login form's credentials came to."""

    account: Account | None = None  # right password, active account: log it in
    locked_until: datetime | None = None  # refused: the account is locked until then


def authenticate(identifier: str, password: str) -> LoginAttempt:
    """Check credentials, counting wrong passwords per account and refusing a locked one."""
    account = find_login(identifier)
    if account is None:
        # Hash anyway, so the answer takes as long for an unknown name as for a known one
        # and response times do not tell which 工号 or phones have logins.
        check_password_hash(_decoy_hash(), password)
        record_failed_login(None)
        return LoginAttempt()
    if account.locked_until is not None:
        # Not even checked: a guess during the lock learns nothing, and counts for nothing.
        record_failed_login(account)
        return LoginAttempt(locked_until=account.locked_until)
    if not account.check_password(password):
        record_failed_login(account)
        return LoginAttempt(locked_until=lockout.count_wrong_password(account))
    if not account.active:
        record_failed_login(account)
        return LoginAttempt()
    lockout.forget_wrong_passwords(account)
    account.last_login_at = clock.utc_now()
    return LoginAttempt(account=account)


@cache
def _decoy_hash_for(method: str) -> str:
    return generate_password_hash(secrets.token_hex(16), method=method)


def _decoy_hash() -> str:
    return _decoy_hash_for(current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"))
