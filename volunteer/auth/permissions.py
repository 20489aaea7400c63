"""Server-side scope checks: which roles an account holds over which unit subtrees."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import ColumnElement, false, or_

from volunteer.auth.models import Account, Role
from volunteer.units.models import Unit

# A role also allows what the roles below it allow, within the same subtree.
IMPLIED_BY = {
    Role.ADMIN: {Role.ADMIN},
    Role.MANAGER: {Role.ADMIN, Role.MANAGER},
    Role.COORDINATOR: {Role.ADMIN, Role.MANAGER, Role.COORDINATOR},
    Role.VOLUNTEER: {Role.VOLUNTEER},
}


def _holding(account: Account, role: Role) -> list[Unit]:
    """Return the units on which `account` holds `role` or a role that implies it."""
    if not account.is_authenticated:
        return []
    return [grant.unit for grant in account.grants if grant.role in IMPLIED_BY[role]]


def scope_roots(account: Account, role: Role) -> list[Unit]:
    """Return the topmost units of the account's scope for `role`, overlapping ones folded."""
    units = sorted(_holding(account, role), key=lambda unit: len(unit.path))
    roots: list[Unit] = []
    for unit in units:
        if not any(root.contains(unit) for root in roots):
            roots.append(unit)
    return roots


def can(account: Account, role: Role, unit: Unit | None) -> bool:
    """Say whether `account` may act as `role` on `unit` (which lies in a granted subtree)."""
    return unit is not None and any(root.contains(unit) for root in _holding(account, role))


def has_role(account: Account, role: Role) -> bool:
    """Say whether the account holds `role` anywhere."""
    return bool(_holding(account, role))


def require(role: Role, unit: Unit | None) -> None:
    """Abort with 403 unless the current user may act as `role` on `unit`."""
    if not can(current_user, role, unit):
        abort(403)


def unit_scope_clause(account: Account, role: Role, path_column=Unit.path) -> ColumnElement:
    """Return a SQL condition keeping rows whose unit path lies in the account's scope."""
    roots = scope_roots(account, role)
    if not roots:
        return false()
    return or_(*(path_column.startswith(root.path, autoescape=True) for root in roots))


def role_required(role: Role) -> Callable:
    """Decorate a view: the user must be logged in and hold `role` on some unit."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not has_role(current_user, role):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
