"""Flask-Login's user loader: the session stores "id:version" so old sessions can be ended."""

from flask import session
from flask_login import user_logged_in

from volunteer.auth.models import Account
from volunteer.extensions import db, login_manager


@login_manager.user_loader
def load_account(session_id: str) -> Account | None:
    """Load the account unless its session version moved on (password change, deactivation)."""
    account_id, _, version = session_id.partition(":")
    if not account_id.isdigit() or not version.isdigit():
        return None
    account = db.session.get(Account, int(account_id))
    if account is None or account.session_version != int(version):
        return None
    return account


@user_logged_in.connect
def expire_sessions(sender, user: Account, **extra) -> None:
    """Make every login's session cookie expire after PERMANENT_SESSION_LIFETIME of idleness."""
    session.permanent = True
