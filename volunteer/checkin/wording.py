"""How the check-in pages and the poster word an activity's time and a session's length."""

from __future__ import annotations

from flask_babel import gettext as _

from volunteer.activities.models import Activity
from volunteer.core.times import local_period


def activity_when(activity: Activity) -> str:
    """Say when the activity runs, in the organisation's zone: 2026-03-05 09:00 – 12:00."""
    return local_period(activity.starts_at, activity.ends_at)


def served_for(minutes: int) -> str:
    """Say how long someone has served so far: 1小时5分钟."""
    hours, rest = divmod(max(minutes, 0), 60)
    if hours:
        return _("%(h)d小时%(m)d分钟", h=hours, m=rest)
    return _("%(m)d分钟", m=rest)
