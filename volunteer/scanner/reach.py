"""Whom a search for an activity looks among: an SQL condition that the scanner's search and
the make-up page's (补录) share (which of them a typed text names: people/search.py).

The people an activity may take: the staff and volunteers of its unit's subtree, the live members
of its team (a commission-level team draws on many hospitals), the people signed up for it, and
anyone already signed in to it (their personal code was scanned). A searcher whose own scope is
wider (a hospital's manager running a department's activity, an administrator) searches that
scope as well: those are people they may see anyway.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, or_, select

from volunteer.activities.models import Activity, Signup, SignupStatus, TeamMember
from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import unit_scope_clause
from volunteer.records.models import RecordStatus, ServiceRecord


def within_reach(
    activity: Activity,
    searcher: Account,
    *,
    account_id: SQLColumnExpression[Any],
    home_unit_path: SQLColumnExpression[Any],
) -> ColumnElement[bool]:
    """Keep the people the activity may take, and those of the searcher's own scope."""
    signed_up = select(Signup.account_id).where(
        Signup.activity_id == activity.id, Signup.status != SignupStatus.CANCELLED
    )
    signed_in = select(ServiceRecord.account_id).where(
        ServiceRecord.activity_id == activity.id, ServiceRecord.status != RecordStatus.VOID
    )
    conditions = [
        home_unit_path.startswith(activity.unit.path, autoescape=True),
        unit_scope_clause(searcher, Role.COORDINATOR, path_column=home_unit_path),
        account_id.in_(signed_up),
        account_id.in_(signed_in),
    ]
    if activity.team_id is not None:
        conditions.append(
            account_id.in_(
                select(TeamMember.account_id).where(
                    TeamMember.team_id == activity.team_id, TeamMember.left_at.is_(None)
                )
            )
        )
    return or_(*conditions)
