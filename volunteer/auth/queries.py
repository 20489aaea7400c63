"""Reads about accounts, limited to what the viewer may see."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, and_, exists, not_, or_, true
from sqlalchemy.orm import aliased, selectinload

from volunteer.auth.models import Account, Role, RoleGrant
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
