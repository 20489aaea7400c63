"""The rules of a session still open: what it is worth now and when it will be worth more, when
its own sign-out asks to confirm, and when the coordinator may sign everyone out at the end.

Pure, and built on records/rules.py, so the phone's promise "再服务 N 分钟计 X 小时" always
matches what the sign-out will credit (docs/rules.md §3.2).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from volunteer.records import rules
from volunteer.records.rules import HourRules

# Whatever the rounding thresholds, the credited hours grow at least once in any two hours.
_LOOK_AHEAD = 120
# A sign-out this soon after the sign-in is probably a mistaken tap (it credits nothing): the
# person confirms it first.
QUICK_SIGN_OUT = timedelta(minutes=10)
# The coordinator may sign everyone out from this long before the end (the last speech is over,
# people are leaving) until the sign-out window closes (then they are forgotten sign-outs).
SIGN_OUT_EVERYONE_BEFORE_END = timedelta(minutes=30)


@dataclass(frozen=True)
class NextCredit:
    """An open session's hours now, and the next step: when, and to how many hours.

    `at` is None when no further step comes before the activity ends; `most` is then what the
    session is worth at the end, which no later sign-out can exceed.
    """

    hours: Decimal
    at: datetime | None
    next_hours: Decimal | None
    most: Decimal
    started: bool
    ended: bool

    def minutes_left(self, now: datetime) -> int | None:
        """Return the whole minutes to serve from `now` until the next step, rounded up."""
        if self.at is None:
            return None
        return max(math.ceil((self.at - now).total_seconds() / 60), 1)


def next_credit(
    signed_in_at: datetime,
    now: datetime,
    starts_at: datetime,
    ends_at: datetime,
    hour_rules: HourRules,
) -> NextCredit:
    """Say what the session credits if signed out at `now`, and when that next increases.

    The session is clipped to the activity as at sign-out: the next step never lies after the
    activity's end, and time before its start does not bring it nearer.
    """
    # Another server's clock may put `now` a moment before the sign-in it just read.
    now = max(now, signed_in_at)
    now_worth = rules.session_hours(signed_in_at, now, starts_at, ends_at, hour_rules)
    at_end = rules.session_hours(signed_in_at, ends_at, starts_at, ends_at, hour_rules)
    counted_from = max(signed_in_at, starts_at)
    step_at, step_hours = None, None
    for minutes in range(
        now_worth.minutes + 1, min(at_end.minutes, now_worth.minutes + _LOOK_AHEAD) + 1
    ):
        hours = rules.round_hours(minutes, hour_rules)
        if hours > now_worth.hours:
            step_at, step_hours = counted_from + timedelta(minutes=minutes), hours
            break
    return NextCredit(
        hours=now_worth.hours,
        at=step_at,
        next_hours=step_hours,
        most=at_end.hours,
        started=now >= starts_at,
        ended=now >= ends_at,
    )


def is_quick_sign_out(signed_in_at: datetime, now: datetime) -> bool:
    """Say whether signing out at `now` comes within QUICK_SIGN_OUT of the sign-in."""
    return now - signed_in_at < QUICK_SIGN_OUT


@dataclass(frozen=True)
class ClosingWindow:
    """When the coordinator may sign out everyone still signed in: [opens_at, closes_at)."""

    opens_at: datetime
    closes_at: datetime

    def is_open(self, now: datetime) -> bool:
        """Say whether `now` lies in the window."""
        return self.opens_at <= now < self.closes_at


def closing_window(ends_at: datetime, hour_rules: HourRules) -> ClosingWindow:
    """Return when the activity ending at `ends_at` may have everyone signed out at once."""
    return ClosingWindow(
        opens_at=ends_at - SIGN_OUT_EVERYONE_BEFORE_END,
        closes_at=rules.sign_out_closes_at(ends_at, hour_rules),
    )
