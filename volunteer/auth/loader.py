"""Flask-Login's side of logins: the cookies name a device login, never the account itself.

Flask-Login keeps `user.get_id()` in the session and copies it into the remember cookie. Here
both carry the key of a DeviceLogin row instead (auth/device_logins.py), and the user loader
opens the account only while that row is in force: logging out, "log out of all devices" and
an administrator's action end the row, and with it every copy of both cookies.
"""

from __future__ import annotations

from flask import g, request, session
from flask_login import current_user, login_user, logout_user, user_logged_in

from volunteer.auth import device_logins
from volunteer.auth.models import Account, DeviceLogin
from volunteer.extensions import login_manager

# Flask-Login's session key for the login (here the device login's key), and ours for the account
# that login was opened for: a scan binds its ticket to the account without reading the database.
LOGIN_KEY = "_user_id"
ACCOUNT_KEY = "_account_id"


@login_manager.user_loader
def load_account(key: str) -> Account | None:
    """Open the account of the device login a cookie names, while that login is in force."""
    login = device_logins.login_of_cookie(key)
    if login is None:
        return None
    if device_logins.note_seen(login, request.remote_addr):
        # The session cookie is signed again only when changed (config.py): renew its expiry
        # whenever the server notes the login as used, so both lapse after the same idle time.
        session.modified = True
    g.device_login = login
    if session.get(ACCOUNT_KEY) != login.account_id:  # a session from before the key existed
        session[ACCOUNT_KEY] = login.account_id
    return login.account


def log_in(account: Account, *, remember: bool) -> DeviceLogin:
    """Log `account` in on this device, as a new device login its cookies name."""
    login, key = device_logins.begin_login(
        account=account,
        remembered=remember,
        user_agent=request.user_agent.string,
        address=request.remote_addr,
    )
    login_user(account, remember=remember)
    # What login_user stored is the account's id; the remember cookie is written from this
    # value when the response goes out, so both cookies name the device login.
    session[LOGIN_KEY] = key
    session[ACCOUNT_KEY] = account.id
    g.device_login = login
    return login


def this_device_login() -> DeviceLogin | None:
    """Return the device login of the current request (None: nobody is logged in)."""
    if not current_user.is_authenticated:
        return None
    return g.get("device_login")


def log_out() -> None:
    """End this device's login on the server, then forget it in the browser."""
    login = this_device_login()
    if login is not None:
        device_logins.end_login(login)
    logout_user()
    session.pop(ACCOUNT_KEY, None)


def session_account_id() -> int | None:
    """Return the account this browser's session was logged in as, without reading the database.

    The signed session says only who logged in here: whether that login is still in force is
    the user loader's question, asked by every page that shows or changes anything.
    """
    if LOGIN_KEY not in session:
        return None
    account_id = session.get(ACCOUNT_KEY)
    return account_id if isinstance(account_id, int) else None


@user_logged_in.connect
def expire_sessions(sender, user: Account, **extra) -> None:
    """Make every login's session cookie expire after PERMANENT_SESSION_LIFETIME of idleness."""
    session.permanent = True
