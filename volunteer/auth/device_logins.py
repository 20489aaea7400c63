"""Logins per device: begun at login, looked up on every request, ended on the server.

Ending one (revoked_at) ends it at once, whatever cookies a browser, or a thief, still holds;
how long one lasts otherwise is auth/queries.py's login_in_force().
"""

from __future__ import annotations

import hashlib
import secrets
from functools import lru_cache

from flask_babel import gettext as _
from sqlalchemy import String, bindparam, select
from sqlalchemy.orm import joinedload

from volunteer import clock
from volunteer.audit.services import record_change
from volunteer.auth.models import Account, DeviceLogin
from volunteer.auth.queries import SEEN_EVERY, login_in_force, login_limits, logins_since
from volunteer.clock import UTCDateTime
from volunteer.errors import DomainError
from volunteer.extensions import db


def key_hash(key: str) -> str:
    """Hash a cookie's key: the table never holds what a cookie could be forged from."""
    return hashlib.sha256(key.encode()).hexdigest()


def begin_login(
    *, account: Account, remembered: bool, user_agent: str | None, address: str | None
) -> tuple[DeviceLogin, str]:
    """Record a new login on a device; return it and the key its cookies will carry."""
    key = secrets.token_urlsafe(32)
    now = clock.utc_now()
    login = DeviceLogin(
        key_hash=key_hash(key),
        account=account,
        remembered=remembered,
        created_at=now,
        last_seen_at=now,
        user_agent=(user_agent or "")[:200] or None,
        address=address,
    )
    db.session.add(login)
    db.session.flush()
    return login, key


def login_of_cookie(key: str) -> DeviceLogin | None:
    """Return the login a cookie's key names while it is in force and its account active."""
    idle_since, remembered_since = login_limits(clock.utc_now())
    login = (
        db.session.scalars(
            _login_of_key_statement(),
            {"key_hash": key_hash(key), "idle": idle_since, "remembered": remembered_since},
        )
        .unique()
        .one_or_none()
    )
    if login is None or not login.account.active:
        return None
    return login


@lru_cache(maxsize=1)
def _login_of_key_statement():
    """Build login_of_cookie's statement once: every request runs it, and building it anew
    took about a quarter of the loader's CPU (docs/benchmarks.md, check-in)."""
    # The account's role grants (and their units) come in the same statement: every page
    # checks scope through them, and they are kept for the rest of the request.
    moment = UTCDateTime()
    return (
        select(DeviceLogin)
        .where(
            DeviceLogin.key_hash == bindparam("key_hash", type_=String),
            logins_since(bindparam("idle", type_=moment), bindparam("remembered", type_=moment)),
        )
        .options(joinedload(DeviceLogin.account).joinedload(Account.grants))
    )


def note_seen(login: DeviceLogin, address: str | None) -> bool:
    """Keep an idle login from lapsing, and show where it was last used; True when noted."""
    now = clock.utc_now()
    if now - login.last_seen_at < SEEN_EVERY:
        return False
    login.last_seen_at = now
    login.address = address
    return True


def end_login(login: DeviceLogin) -> None:
    """End one login: its session and remember cookies open nothing any more."""
    if login.revoked_at is None:
        login.revoked_at = clock.utc_now()
        db.session.flush()


def end_logins(*, account: Account, keep: DeviceLogin | None = None) -> int:
    """End every login of `account` in force (but `keep`); return how many were ended."""
    now = clock.utc_now()
    query = select(DeviceLogin).where(DeviceLogin.account_id == account.id, login_in_force(now))
    if keep is not None:
        query = query.where(DeviceLogin.id != keep.id)
    logins = db.session.scalars(query).all()
    for login in logins:
        login.revoked_at = now
    db.session.flush()
    return len(logins)


def end_own_login(*, account: Account, login_id: int) -> DeviceLogin:
    """End one of the person's own logins, chosen from their list of devices."""
    login = db.session.scalar(
        select(DeviceLogin).where(
            DeviceLogin.id == login_id,
            DeviceLogin.account_id == account.id,
            login_in_force(clock.utc_now()),
        )
    )
    if login is None:
        raise DomainError(_("该设备已经退出登录。"))
    end_login(login)
    return login


def end_logins_for(*, account: Account, reason: str | None = None, actor: Account) -> int:
    """An administrator ends every login of `account` (someone who left, a lost phone)."""
    ended = end_logins(account=account)
    record_change(
        action="account.end_logins",
        subject_type="account",
        subject_id=account.id,
        after={"ended_logins": ended},
        reason=reason,
        actor_id=actor.id,
    )
    return ended
