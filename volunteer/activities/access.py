"""Who may run an activity: coordinators of its unit's subtree, and the leaders of its team."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import exists, select

from volunteer.activities.models import Activity, Team, TeamMember
from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import can
from volunteer.extensions import db


def leads_team(account: Account, team: Team | None) -> bool:
    """Say whether the account is a current leader of the team."""
    if team is None or not account.is_authenticated:
        return False
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    TeamMember.team_id == team.id,
                    TeamMember.account_id == account.id,
                    TeamMember.is_leader.is_(True),
                    TeamMember.left_at.is_(None),
                )
            )
        )
    )


def can_run_activity(account: Account, activity: Activity) -> bool:
    """Say whether the account may show the code, scan people and fix sessions of the activity."""
    return can(account, Role.COORDINATOR, activity.unit) or leads_team(account, activity.team)


def require_run_activity(activity: Activity) -> None:
    """Abort with 403 unless the current user may run the activity."""
    if not can_run_activity(current_user, activity):
        abort(403)


def runnable_activity(activity_id: int) -> Activity:
    """Load the activity (404 when unknown), then 403 unless the current user may run it."""
    activity = db.get_or_404(Activity, activity_id)
    require_run_activity(activity)
    return activity
