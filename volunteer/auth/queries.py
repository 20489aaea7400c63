"""Reads about accounts, limited to what the viewer may see."""

from __future__ import annotations

from sqlalchemy import Select, exists, or_
from sqlalchemy.orm import selectinload

from volunteer.auth.models import Account, Role, RoleGrant
from volunteer.auth.permissions import can, scope_roots, unit_scope_clause
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.units.models import Unit


def accounts_in_scope(viewer: Account, search: str | None = None) -> Select:
    """Select accounts attached to the viewer's admin subtree, by a live grant or a staff record."""
    scope = unit_scope_clause(viewer, Role.ADMIN)
    granted_here = exists().where(
        RoleGrant.account_id == Account.id,
        RoleGrant.revoked_at.is_(None),
        RoleGrant.unit_id == Unit.id,
        scope,
    )
    staff_here = exists().where(
        StaffMember.id == Account.staff_member_id, StaffMember.unit_id == Unit.id, scope
    )
    conditions = [granted_here, staff_here]
    if any(root.parent_id is None for root in scope_roots(viewer, Role.ADMIN)):
        # An organisation-wide admin also sees logins not tied to any unit yet.
        conditions.append(~exists().where(RoleGrant.account_id == Account.id))
    query = (
        db.select(Account)
        .where(or_(*conditions))
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
    query = accounts_in_scope(viewer).where(Account.id == account.id)
    return db.session.scalar(query) is not None


def grant_in_scope(viewer: Account, grant: RoleGrant) -> bool:
    """Say whether an admin may revoke `grant`: it must lie inside their own subtree."""
    return can(viewer, Role.ADMIN, grant.unit)
