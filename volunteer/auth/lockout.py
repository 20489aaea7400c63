"""Wrong passwords per account: counted in the database, a temporary lock that grows, an
administrator's unlock. The limit per address is Flask-Limiter's, on the login view.

Counting in the account's row, with one UPDATE … RETURNING, makes every worker process (and
every address an attacker uses) count toward the same lock, with no shared cache needed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from volunteer import clock
from volunteer.audit.services import record_change, snapshot
from volunteer.auth.models import Account
from volunteer.auth.rules import lock_minutes
from volunteer.extensions import db

LOCK_FIELDS = ["failed_logins", "lock_ends_at"]


def count_wrong_password(account: Account) -> datetime | None:
    """Count a wrong password against `account`; return the end of the lock it began, if any."""
    failures = db.session.execute(
        update(Account)
        .where(Account.id == account.id)
        .values(failed_logins=Account.failed_logins + 1)
        .returning(Account.failed_logins)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    # Another process may have counted too: take the database's figure, not ours plus one.
    set_committed_value(account, "failed_logins", failures)
    config = current_app.config
    minutes = lock_minutes(
        failures,
        after=config["LOGIN_LOCK_AFTER_FAILURES"],
        first=config["LOGIN_LOCK_MINUTES"],
        longest=config["LOGIN_LOCK_MAX_MINUTES"],
    )
    if minutes is None:
        return None
    account.lock_ends_at = clock.utc_now() + timedelta(minutes=minutes)
    db.session.flush()
    record_change(
        action="account.lock",
        subject_type="account",
        subject_id=account.id,
        after=snapshot(account, LOCK_FIELDS),
        actor_id=None,
    )
    return account.lock_ends_at


def forget_wrong_passwords(account: Account) -> None:
    """Start counting afresh after a right password."""
    if account.failed_logins or account.lock_ends_at is not None:
        account.failed_logins = 0
        account.lock_ends_at = None


def unlock_account(*, account: Account, reason: str | None = None, actor: Account) -> None:
    """Lift the lock and forget the wrong passwords, for the person who asked an administrator."""
    before = snapshot(account, LOCK_FIELDS)
    account.failed_logins = 0
    account.lock_ends_at = None
    db.session.flush()
    record_change(
        action="account.unlock",
        subject_type="account",
        subject_id=account.id,
        before=before,
        reason=reason,
        actor_id=actor.id,
    )
