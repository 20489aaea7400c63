"""The rules for hours (DESIGN §3) as plain functions of times and numbers: no Flask, no database.

Every rule that decides what a session is worth lives here, so the scan, the make-up form, the
import and the review queue apply the same ones, and one table of examples tests them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from volunteer.texts import N_

HALF = Decimal("0.5")
ZERO = Decimal("0")


@dataclass(frozen=True)
class HourRules:
    """The settings of DESIGN §3; the defaults are the design's."""

    sign_in_opens_before: timedelta = timedelta(minutes=60)
    sign_out_closes_after: timedelta = timedelta(minutes=120)
    max_sessions_per_activity_per_day: int = 3
    manager_review_above: Decimal = Decimal("8")
    admin_review_above: Decimal = Decimal("12")
    # Remaining minutes r of a session: r ≤ 15 → 0 h, 15 < r ≤ 45 → 0.5 h, r > 45 → 1 h.
    round_down_up_to: int = 15
    round_half_up_to: int = 45

    @classmethod
    def from_config(cls, config) -> HourRules:
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

    def __init__(self, message: str, **params):
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


def credited_minutes(
    signed_in_at: datetime, signed_out_at: datetime, starts_at: datetime, ends_at: datetime
) -> int:
    """Return the whole minutes of the session inside [start, end]; time outside never counts."""
    begin = max(signed_in_at, starts_at)
    end = min(signed_out_at, ends_at)
    if end <= begin:
        return 0
    return int((end - begin).total_seconds() // 60)


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
    """What one closed session is worth."""

    minutes: int
    hours: Decimal


def session_hours(
    signed_in_at: datetime,
    signed_out_at: datetime,
    starts_at: datetime,
    ends_at: datetime,
    rules: HourRules = HourRules(),
) -> SessionHours:
    """Clip the session to the activity and round it."""
    if signed_out_at < signed_in_at:
        raise RuleBroken(N_("签退时间不能早于签到时间。"))
    minutes = credited_minutes(signed_in_at, signed_out_at, starts_at, ends_at)
    return SessionHours(minutes=minutes, hours=round_hours(minutes, rules))


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


# --- Daily cap and review ----------------------------------------------------------------------


@dataclass(frozen=True)
class Review:
    """Who must approve a closed session, and why; level None means approved at sign-out."""

    level: str | None
    reason: str | None


MANAGER = "manager"
ADMIN = "admin"
OVER_MANAGER_LINE = "daily_over_8"
OVER_ADMIN_LINE = "daily_over_12"


def daily_review(approved_that_day: Decimal, hours: Decimal, rules: HourRules) -> Review:
    """Decide a session's review from the person's hours already approved that day.

    A session that keeps the day at or under 8 h is approved; one that takes it above 8 h needs
    a manager as a whole, and above 12 h an administrator (DESIGN §3.4).
    """
    total = approved_that_day + hours
    if total > rules.admin_review_above:
        return Review(ADMIN, OVER_ADMIN_LINE)
    if total > rules.manager_review_above:
        return Review(MANAGER, OVER_MANAGER_LINE)
    return Review(None, None)


def approver_level_needed(approved_that_day: Decimal, hours: Decimal, rules: HourRules) -> str:
    """Return who may approve a waiting record now: an admin once the day would pass 12 h."""
    total = approved_that_day + hours
    return ADMIN if total > rules.admin_review_above else MANAGER


# --- Make-up entries and corrections -----------------------------------------------------------


def check_within_activity(
    begin: datetime, end: datetime, starts_at: datetime, ends_at: datetime
) -> None:
    """Raise RuleBroken unless a make-up or corrected session lies inside the activity's time."""
    if end <= begin:
        raise RuleBroken(N_("结束时间必须晚于开始时间。"))
    if begin < starts_at or end > ends_at:
        raise RuleBroken(N_("服务时间必须在活动的开始和结束时间之内。"))


def check_forgotten_sign_out_time(
    signed_in_at: datetime, signed_out_at: datetime, ends_at: datetime
) -> None:
    """Raise RuleBroken unless a sign-out set by hand lies after the sign-in and by the end."""
    if signed_out_at <= signed_in_at:
        raise RuleBroken(N_("签退时间必须晚于签到时间。"))
    if signed_out_at > ends_at:
        raise RuleBroken(N_("补签退时间不能晚于活动结束时间。"))
