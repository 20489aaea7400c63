"""The end of an activity: whoever runs it signs out everyone still signed in, each by the rules.

Each sign-out is the ordinary one (records/services/sessions.py `record_sign_out`): clipped to
the activity, rounded, the daily review applied, audited with the coordinator as the actor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from volunteer.activities.models import Activity
from volunteer.auth.models import Account
from volunteer.clock import utc_now
from volunteer.core.times import hhmm
from volunteer.errors import Conflict, DomainError
from volunteer.records import open_session
from volunteer.records.models import RecordStatus, ServiceRecord
from volunteer.records.queries.closing import open_sessions_at
from volunteer.records.services.sessions import record_sign_out
from volunteer.records.settings import hour_rules


@dataclass(frozen=True)
class SignedOutEveryone:
    """The sessions closed at the end of an activity."""

    records: list[ServiceRecord]

    @property
    def count(self) -> int:
        """Return how many people were signed out."""
        return len(self.records)

    @property
    def waiting(self) -> int:
        """Return how many of the sessions wait for a review (a long day) instead of counting."""
        return sum(1 for record in self.records if record.status == RecordStatus.NEEDS_REVIEW)


def sign_out_everyone(
    *, activity: Activity, by: Account, at: datetime | None = None
) -> SignedOutEveryone:
    """Sign out everyone still signed in at the activity, as `by`, each through the normal rules.

    Allowed from open_session.SIGN_OUT_EVERYONE_BEFORE_END before the end until the sign-out
    window closes; after that the sessions are forgotten sign-outs, fixed one by one.
    """
    now = at or utc_now()
    if activity.is_cancelled:
        raise DomainError(_("活动已取消。"), code="cancelled")
    window = open_session.closing_window(activity.ends_at, hour_rules())
    if now < window.opens_at:
        raise DomainError(
            _("活动结束前%(minutes)d分钟（%(time)s）起才能全部签退。", **_opening(window)),
            code="too_early",
        )
    if now >= window.closes_at:
        raise DomainError(
            _("签退时间已过，仍在签到中的记录已转为未签退，请在服务记录中逐条补签退。"),
            code="too_late",
        )
    closed = []
    for record in open_sessions_at(activity.id):
        try:
            closed.append(record_sign_out(account=record.account, activity=activity, by=by, at=now))
        except Conflict:
            # The person signed themselves out a moment ago: their own sign-out stands.
            continue
    return SignedOutEveryone(closed)


def _opening(window: open_session.ClosingWindow) -> dict[str, object]:
    minutes = int(open_session.SIGN_OUT_EVERYONE_BEFORE_END.total_seconds() // 60)
    return {"minutes": minutes, "time": hhmm(window.opens_at)}
