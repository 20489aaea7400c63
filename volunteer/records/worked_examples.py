"""The worked examples of the 时长规则 page, computed by records/rules.py from the settings.

Only the example's inputs (an activity 09:00–11:00, a sign-in a little early) are chosen here;
every number a reader checks against (hours, lines, windows, outcomes) comes from HourRules and
the functions that decide real records, so the page never disagrees with them. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from volunteer.records import open_session, review_rules, rules
from volunteer.records.rules import HourRules

# Inputs of the examples; what they give is always computed.
_EARLY = timedelta(minutes=10)
_LATE = timedelta(minutes=20)
_SHORT_SESSION_MINUTES = 40
_WHOLE_HOURS = (0, 2)


@dataclass(frozen=True)
class Session:
    """A session at the example activity and what it credits."""

    signed_in_at: datetime
    signed_out_at: datetime
    counted_from: datetime
    counted_to: datetime
    minutes: int
    hours: Decimal


@dataclass(frozen=True)
class Rounded:
    """A session's length after clipping and the hours it credits."""

    minutes: int
    hours: Decimal


@dataclass(frozen=True)
class DayStep:
    """One session of a long day: the day's claimed hours before and with it, and who approves."""

    name: str
    hours: Decimal
    claimed_before: Decimal
    claimed_with: Decimal
    review: review_rules.Review


@dataclass(frozen=True)
class WorkedExamples:
    """Everything the rules page shows: the settings and the examples computed from them."""

    rules: HourRules
    starts_at: datetime
    ends_at: datetime
    sign_in_opens_at: datetime
    sign_out_closes_at: datetime
    clipped: Session
    rounding: list[Rounded]
    short_minutes: int
    short_hours: Decimal
    day: list[DayStep]
    next_step: open_session.NextCredit
    next_step_now: datetime
    year_end: Session
    year_end_day: date

    @property
    def opens_minutes(self) -> int:
        """Return how many minutes before the start sign-in opens."""
        return _minutes(self.rules.sign_in_opens_before)

    @property
    def closes_minutes(self) -> int:
        """Return how many minutes after the end a sign-out is still accepted."""
        return _minutes(self.rules.sign_out_closes_after)

    @property
    def quick_sign_out_minutes(self) -> int:
        """Return within how many minutes of the sign-in a sign-out asks to confirm."""
        return _minutes(open_session.QUICK_SIGN_OUT)

    @property
    def closing_minutes(self) -> int:
        """Return how long before the end the coordinator may sign everyone out."""
        return _minutes(open_session.SIGN_OUT_EVERYONE_BEFORE_END)


def _minutes(span: timedelta) -> int:
    return int(span.total_seconds() // 60)


def _session(
    signed_in_at: datetime,
    signed_out_at: datetime,
    starts_at: datetime,
    ends_at: datetime,
    hour_rules: HourRules,
) -> Session:
    worth = rules.session_hours(signed_in_at, signed_out_at, starts_at, ends_at, hour_rules)
    return Session(
        signed_in_at=signed_in_at,
        signed_out_at=signed_out_at,
        counted_from=max(signed_in_at, starts_at),
        counted_to=min(signed_out_at, ends_at),
        minutes=worth.minutes,
        hours=worth.hours,
    )


def _rounding(hour_rules: HourRules) -> list[Rounded]:
    """Each side of both thresholds, on a short session and a longer one."""
    rests = (
        hour_rules.round_down_up_to,
        hour_rules.round_down_up_to + 1,
        hour_rules.round_half_up_to,
        hour_rules.round_half_up_to + 1,
    )
    return [
        Rounded(minutes, rules.round_hours(minutes, hour_rules))
        for minutes in sorted({whole * 60 + rest for whole in _WHOLE_HOURS for rest in rests})
    ]


def _long_day(hour_rules: HourRules) -> list[DayStep]:
    """Three sessions of one day: the first within the manager's line, the second across it,
    the third across the administrator's; the outcomes come from review_rules.daily_review."""
    manager, admin = hour_rules.manager_review_above, hour_rules.admin_review_above
    half = Decimal("0.5")
    first = max(manager - 3, half)
    second = max(manager + 1 - first, half)
    third = max(admin + 1 - first - second, half)
    steps, claimed = [], Decimal(0)
    for name, hours in (("A", first), ("B", second), ("C", third)):
        review = review_rules.daily_review(claimed, hours, hour_rules)
        steps.append(DayStep(name, hours, claimed, claimed + hours, review))
        claimed += hours
    return steps


def worked_examples(hour_rules: HourRules, day: date, zone: ZoneInfo) -> WorkedExamples:
    """Compute the rules page's examples on `day` (only the hours matter) in the local zone."""
    starts_at = datetime.combine(day, time(9, 0), tzinfo=zone)
    ends_at = starts_at + timedelta(hours=2)
    signed_in_at = starts_at - min(_EARLY, hour_rules.sign_in_opens_before)
    signed_out_at = ends_at + min(_LATE, hour_rules.sign_out_closes_after)
    step_now = starts_at + timedelta(minutes=hour_rules.round_down_up_to)
    year_end_in = datetime(day.year, 12, 31, 22, 0, tzinfo=zone)
    year_end_out = year_end_in + timedelta(hours=4)
    return WorkedExamples(
        rules=hour_rules,
        starts_at=starts_at,
        ends_at=ends_at,
        sign_in_opens_at=rules.sign_in_opens_at(starts_at, hour_rules),
        sign_out_closes_at=rules.sign_out_closes_at(ends_at, hour_rules),
        clipped=_session(signed_in_at, signed_out_at, starts_at, ends_at, hour_rules),
        rounding=_rounding(hour_rules),
        short_minutes=_SHORT_SESSION_MINUTES,
        short_hours=rules.round_hours(_SHORT_SESSION_MINUTES, hour_rules),
        day=_long_day(hour_rules),
        next_step=open_session.next_credit(starts_at, step_now, starts_at, ends_at, hour_rules),
        next_step_now=step_now,
        year_end=_session(year_end_in, year_end_out, year_end_in, year_end_out, hour_rules),
        year_end_day=rules.service_date(year_end_in, zone),
    )
