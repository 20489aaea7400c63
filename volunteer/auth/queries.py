"""Reads about accounts, limited to what the viewer may see."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, Select, and_, exists, not_, or_, true
from sqlalchemy.orm import aliased, selectinload

from volunteer import clock
from volunteer.auth.models import Account, DeviceLogin, Role, RoleGrant
from volunteer.auth.permissions import can, scope_roots, unit_scope_clause
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.units.models import Unit


def _account_scope(viewer: Account) -> ColumnElement:
    """Say which accounts an administrator may manage.

    An organisation-wide administrator manages every account. Below that, an account is the
    administrator's when it is attached to their subtree (a grant, past or live, or its staff
    record lies there) and nothing of it lies outside: a hospital's admin must never be able
    to disable or re-role someone who also works for, or administers, the rest of the tree.
    """
    roots = scope_roots(viewer, Role.ADMIN)
    if any(root.parent_id is None for root in roots):
        return true()
    grant_unit, staff_unit = aliased(Unit), aliased(Unit)
    in_scope_grant = unit_scope_clause(viewer, Role.ADMIN, grant_unit.path)
    in_scope_staff = unit_scope_clause(viewer, Role.ADMIN, staff_unit.path)
    grant_of_account = and_(RoleGrant.account_id == Account.id, RoleGrant.unit_id == grant_unit.id)
    staff_of_account = and_(
        StaffMember.id == Account.staff_member_id, StaffMember.unit_id == staff_unit.id
    )
    attached = or_(
        exists().where(grant_of_account, in_scope_grant),
        exists().where(staff_of_account, in_scope_staff),
    )
    reaches_outside = or_(
        exists().where(grant_of_account, RoleGrant.revoked_at.is_(None), not_(in_scope_grant)),
        exists().where(staff_of_account, not_(in_scope_staff)),
    )
    return and_(attached, not_(reaches_outside))


def accounts_in_scope(viewer: Account, search: str | None = None) -> Select:
    """Select the accounts an administrator may manage, by username."""
    query = (
        db.select(Account)
        .where(_account_scope(viewer))
        .options(selectinload(Account.grants).joinedload(RoleGrant.unit))
        .order_by(Account.username)
    )
    if search:
        like = f"%{search.strip()}%"
        query = query.where(
            or_(
                Account.username.like(like),
                Account.display_name.like(like),
                Account.phone.like(like),
            )
        )
    return query


def account_in_scope(viewer: Account, account: Account) -> bool:
    """Say whether an admin may manage `account`."""
    query = db.select(Account.id).where(Account.id == account.id, _account_scope(viewer))
    return db.session.scalar(query) is not None


def grant_in_scope(viewer: Account, grant: RoleGrant) -> bool:
    """Say whether an admin may revoke `grant`: it must lie inside their own subtree."""
    return can(viewer, Role.ADMIN, grant.unit) and account_in_scope(viewer, grant.account)


# Last seen is written at most this often, not on every page (a write per request); a login
# idle for the session's lifetime is given this much more, so the lag never ends it early.
SEEN_EVERY = timedelta(minutes=5)


def _duration(value: timedelta | int | float) -> timedelta:
    """Read a duration setting, given as a timedelta or (from the environment) in seconds."""
    return value if isinstance(value, timedelta) else timedelta(seconds=value)


def login_in_force(now: datetime) -> ColumnElement[bool]:
    """Say, in SQL, which device logins are still in force at `now`.

    A login lasts while its cookies could: PERMANENT_SESSION_LIFETIME since it was last seen,
    or REMEMBER_COOKIE_DURATION since it began when "keep me logged in" was ticked; ending it
    (revoked_at) ends it at once.
    """
    idle_since, remembered_since = login_limits(now)
    return logins_since(idle_since, remembered_since)


def login_limits(now: datetime) -> tuple[datetime, datetime]:
    """Return (seen after, begun after): the bounds a login in force at `now` must pass."""
    config = current_app.config
    idle_since = now - _duration(config["PERMANENT_SESSION_LIFETIME"]) - SEEN_EVERY
    remembered_since = now - _duration(config["REMEMBER_COOKIE_DURATION"])
    return idle_since, remembered_since


def logins_since(idle_since, remembered_since) -> ColumnElement[bool]:
    """The logins not ended, seen after `idle_since` or remembered and begun after
    `remembered_since` (datetimes or bind parameters)."""
    return and_(
        DeviceLogin.revoked_at.is_(None),
        or_(
            DeviceLogin.last_seen_at > idle_since,
            and_(DeviceLogin.remembered, DeviceLogin.created_at > remembered_since),
        ),
    )


def logins_in_force(account: Account) -> list[DeviceLogin]:
    """Return the account's device logins in force, the most recently used first."""
    query = (
        db.select(DeviceLogin)
        .where(DeviceLogin.account_id == account.id, login_in_force(clock.utc_now()))
        .order_by(DeviceLogin.last_seen_at.desc(), DeviceLogin.id.desc())
    )
    return list(db.session.scalars(query))
