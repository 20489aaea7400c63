"""The rules for hours (docs/rules.md §3) as plain functions of times and numbers: no Flask, no DB.

Every rule that decides what a session is worth lives here, so the scan, the coordinator's
scanner, a forgotten sign-out set by hand, the make-up form, a correction and the import credit
it alike, and one table of examples tests them all. Who must approve it: records/review_rules.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from volunteer.texts import N_

HALF = Decimal("0.5")
ZERO = Decimal("0")


@dataclass(frozen=True)
class HourRules:
    """The settings of docs/rules.md §3; the defaults are the design's."""

    sign_in_opens_before: timedelta = timedelta(minutes=60)
    sign_out_closes_after: timedelta = timedelta(minutes=120)
    max_sessions_per_activity_per_day: int = 3
    manager_review_above: Decimal = Decimal("8")
    admin_review_above: Decimal = Decimal("12")
    # Remaining minutes r of a session: r ≤ 15 → 0 h, 15 < r ≤ 45 → 0.5 h, r > 45 → 1 h.
    round_down_up_to: int = 15
    round_half_up_to: int = 45

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> HourRules:
        """Build the rules from a Flask config (or any mapping with the same keys)."""
        return cls(
            sign_in_opens_before=timedelta(minutes=int(config["SIGN_IN_OPENS_MINUTES_BEFORE"])),
            sign_out_closes_after=timedelta(minutes=int(config["SIGN_OUT_CLOSES_MINUTES_AFTER"])),
            max_sessions_per_activity_per_day=int(config["MAX_SESSIONS_PER_ACTIVITY_PER_DAY"]),
            manager_review_above=Decimal(str(config["DAILY_MANAGER_REVIEW_HOURS"])),
            admin_review_above=Decimal(str(config["DAILY_ADMIN_REVIEW_HOURS"])),
        )


class RuleBroken(Exception):
    """A session the rules refuse; `message` is a msgid (N_) the caller translates."""

    def __init__(self, message: str, **params: object):
        super().__init__(message)
        self.message = message
        self.params = params


# --- Windows -----------------------------------------------------------------------------------


def sign_in_opens_at(starts_at: datetime, rules: HourRules) -> datetime:
    """Return the first moment a volunteer may sign in."""
    return starts_at - rules.sign_in_opens_before


def sign_out_closes_at(ends_at: datetime, rules: HourRules) -> datetime:
    """Return the last moment a sign-out is accepted; an open session after it is forgotten."""
    return ends_at + rules.sign_out_closes_after


def check_sign_in_window(
    at: datetime, starts_at: datetime, ends_at: datetime, rules: HourRules
) -> None:
    """Raise RuleBroken unless `at` lies in [start − 60 min, end)."""
    if at < sign_in_opens_at(starts_at, rules):
        raise RuleBroken(
            N_("签到尚未开始：活动开始前%(minutes)d分钟起可以签到。"),
            minutes=int(rules.sign_in_opens_before.total_seconds() // 60),
        )
    if at >= ends_at:
        raise RuleBroken(N_("活动已结束，不能再签到。"))


def is_forgotten(now: datetime, ends_at: datetime, rules: HourRules) -> bool:
    """Say whether an open session of an activity ending at `ends_at` is a forgotten sign-out."""
    return now > sign_out_closes_at(ends_at, rules)


# --- Hours -------------------------------------------------------------------------------------


def counted_period(
    signed_in_at: datetime, signed_out_at: datetime, starts_at: datetime, ends_at: datetime
) -> tuple[datetime, datetime] | None:
    """Return the part of a session inside [start, end], or None when it has none."""
    begin = max(signed_in_at, starts_at)
    end = min(signed_out_at, ends_at)
    return (begin, end) if end > begin else None


def credited_minutes(
    signed_in_at: datetime, signed_out_at: datetime, starts_at: datetime, ends_at: datetime
) -> int:
    """Return the whole minutes of the session inside [start, end]; time outside never counts."""
    period = counted_period(signed_in_at, signed_out_at, starts_at, ends_at)
    return 0 if period is None else int((period[1] - period[0]).total_seconds() // 60)


def round_hours(minutes: int, rules: HourRules = HourRules()) -> Decimal:
    """Round a session's minutes: whole hours count, the rest gives 0, 0.5 or 1 hour."""
    if minutes < 0:
        raise ValueError("minutes must not be negative")
    whole, rest = divmod(minutes, 60)
    if rest <= rules.round_down_up_to:
        extra = ZERO
    elif rest <= rules.round_half_up_to:
        extra = HALF
    else:
        extra = Decimal(1)
    return Decimal(whole) + extra


@dataclass(frozen=True)
class SessionHours:
    """What one closed session is worth: the part that counted, its minutes and its hours."""

    minutes: int
    hours: Decimal
    counted: tuple[datetime, datetime] | None = None
    # Whether the session reached outside the activity, so less than its whole length counted.
    clipped: bool = False


def session_hours(
    signed_in_at: datetime,
    signed_out_at: datetime,
    starts_at: datetime,
    ends_at: datetime,
    rules: HourRules = HourRules(),
) -> SessionHours:
    """Clip the session to the activity and round it: every path credits a session so."""
    if signed_out_at < signed_in_at:
        raise RuleBroken(N_("签退时间不能早于签到时间。"))
    counted = counted_period(signed_in_at, signed_out_at, starts_at, ends_at)
    minutes = credited_minutes(signed_in_at, signed_out_at, starts_at, ends_at)
    return SessionHours(
        minutes=minutes,
        hours=round_hours(minutes, rules),
        counted=counted,
        clipped=counted != (signed_in_at, signed_out_at) and signed_out_at > signed_in_at,
    )


def activity_hours(
    starts_at: datetime, ends_at: datetime, rules: HourRules = HourRules()
) -> Decimal:
    """Return the rounded length of the activity: no single record may credit more."""
    return round_hours(credited_minutes(starts_at, ends_at, starts_at, ends_at), rules)


# --- Days, sessions and overlaps ---------------------------------------------------------------


def service_date(at: datetime, zone: ZoneInfo) -> date:
    """Return the local calendar day of a sign-in: the record's day for the cap and its year."""
    return at.astimezone(zone).date()


def check_sessions_per_day(sessions_that_day: int, rules: HourRules) -> None:
    """Raise RuleBroken when the person has used up today's sessions at this activity."""
    if sessions_that_day >= rules.max_sessions_per_activity_per_day:
        raise RuleBroken(
            N_("同一活动每天最多签到%(count)d次。"), count=rules.max_sessions_per_activity_per_day
        )


def overlaps(
    begin: datetime, end: datetime, others: list[tuple[datetime, datetime]]
) -> tuple[datetime, datetime] | None:
    """Return the first of `others` that shares time with [begin, end), or None.

    Touching ends (one session ends at 10:00, the next begins at 10:00) do not overlap.
    """
    for other_begin, other_end in others:
        if begin < other_end and other_begin < end:
            return other_begin, other_end
    return None


# --- Who reviews (decided in records/review_rules.py) ---------------------------------------------


class ReviewLevel(StrEnum):
    """Who must approve a waiting record; records.services.review maps it to the Role needed."""

    MANAGER = "manager"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        """Name the approver (a msgid: translate where shown)."""
        return _LEVEL_LABELS[self]


_LEVEL_LABELS = {ReviewLevel.MANAGER: N_("单位管理员"), ReviewLevel.ADMIN: N_("管理员")}


class ReviewReason(StrEnum):
    """Why a record waits for review.

    The stored values name the default lines (8 h, 12 h); the lines themselves are settings, so
    a label says "%(hours)s" and `line()` gives the number.
    """

    DAILY_OVER_MANAGER_LINE = "daily_over_8"
    DAILY_OVER_ADMIN_LINE = "daily_over_12"
    FORGOTTEN_SIGN_OUT = "forgotten_sign_out"
    MAKE_UP = "make_up"
    # A scan the coordinator's device kept offline, its device clock or code's time off.
    OFFLINE_CLOCK = "offline_clock"

    @property
    def label(self) -> str:
        """Say why (a msgid: translate where shown, with hours=line() for a daily line)."""
        return _REASON_LABELS[self]

    def line(self, rules: HourRules) -> Decimal | None:
        """Return the daily line in hours this reason is about, or None for the others."""
        if self is ReviewReason.DAILY_OVER_MANAGER_LINE:
            return rules.manager_review_above
        if self is ReviewReason.DAILY_OVER_ADMIN_LINE:
            return rules.admin_review_above
        return None


_REASON_LABELS = {
    ReviewReason.DAILY_OVER_MANAGER_LINE: N_("当日累计超过%(hours)s小时"),
    ReviewReason.DAILY_OVER_ADMIN_LINE: N_("当日累计超过%(hours)s小时"),
    ReviewReason.FORGOTTEN_SIGN_OUT: N_("未签退"),
    ReviewReason.MAKE_UP: N_("补录"),
    ReviewReason.OFFLINE_CLOCK: N_("离线扫码时间存疑"),
}


# --- Sessions entered by hand or from a sheet --------------------------------------------------


def check_entered_session(
    begin: datetime, end: datetime, starts_at: datetime, ends_at: datetime
) -> None:
    """Raise RuleBroken unless a make-up, corrected or imported session ends after it begins and
    shares time with the activity; time outside the activity is clipped, as at a scan."""
    if end <= begin:
        raise RuleBroken(N_("结束时间必须晚于开始时间。"))
    if counted_period(begin, end, starts_at, ends_at) is None:
        raise RuleBroken(
            N_("服务时间不在活动时间内（%(begin)s–%(end)s）"), begin=starts_at, end=ends_at
        )


def check_forgotten_sign_out_time(signed_in_at: datetime, signed_out_at: datetime) -> None:
    """Raise RuleBroken unless a sign-out set by hand lies after the sign-in; time after the
    activity's end is clipped, as at a scan."""
    if signed_out_at <= signed_in_at:
        raise RuleBroken(N_("签退时间必须晚于签到时间。"))


def spans_midnight(starts_at: datetime, ends_at: datetime, zone: ZoneInfo) -> bool:
    """Say whether the activity ends on a later local day than it starts (a night activity)."""
    return ends_at.astimezone(zone).date() > starts_at.astimezone(zone).date()


def sheet_row_end(
    begin: datetime, end: datetime, starts_at: datetime, ends_at: datetime, zone: ZoneInfo
) -> datetime:
    """Return a sheet row's end, written as a time on the row's day.

    An end earlier than the start (22:00–02:00) is the next morning's when the activity spans
    midnight; otherwise the row cannot be read and RuleBroken says why.
    """
    if end > begin:
        return end
    if end == begin:
        raise RuleBroken(N_("结束时间必须晚于开始时间。"))
    if not spans_midnight(starts_at, ends_at, zone):
        raise RuleBroken(N_("结束时间早于开始时间，且该活动不跨午夜。"))
    return datetime.combine(end.date() + timedelta(days=1), end.timetz())
