"""Read the audit log, limited to the viewer's subtree."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, or_
from sqlalchemy.orm import joinedload

from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import scope_roots, unit_scope_clause
from volunteer.clock import local_zone
from volunteer.extensions import db
from volunteer.units.models import Unit


def audit_entries(
    viewer: Account,
    *,
    action_prefix: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Select:
    """Select entries about units in the viewer's manager scope, newest first.

    Entries tied to no unit (failed logins, accounts without a unit) are for organisation-wide
    administrators only.
    """
    in_scope = AuditEntry.unit_id.in_(
        db.select(Unit.id).where(unit_scope_clause(viewer, Role.MANAGER))
    )
    if any(root.parent_id is None for root in scope_roots(viewer, Role.ADMIN)):
        in_scope = or_(in_scope, AuditEntry.unit_id.is_(None))
    query = (
        db.select(AuditEntry)
        .options(joinedload(AuditEntry.actor))  # every row names its actor
        .where(in_scope)
        .order_by(AuditEntry.id.desc())
    )
    if action_prefix:
        query = query.where(AuditEntry.action.startswith(action_prefix, autoescape=True))
    if since:
        query = query.where(AuditEntry.at >= _local_midnight(since))
    if until:
        query = query.where(AuditEntry.at < _local_midnight(until + timedelta(days=1)))
    return query


def _local_midnight(day: date) -> datetime:
    """Return the start of a local calendar day as an aware datetime (compared in UTC)."""
    return datetime.combine(day, time(0), tzinfo=local_zone())
