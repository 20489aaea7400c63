"""Who must approve a session (docs/rules.md §3.4) as plain functions: no Flask, no DB.

The level is decided at sign-out from the day's claimed hours and checked again at approval from
its approved hours, so the order of sign-outs and approvals never changes who looks at a long day.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from volunteer.records.rules import HourRules, ReviewLevel, ReviewReason


@dataclass(frozen=True)
class Review:
    """Who must approve a closed session, and why; level None means approved at sign-out."""

    level: ReviewLevel | None
    reason: ReviewReason | None


def daily_review(claimed_that_day: Decimal, hours: Decimal, rules: HourRules) -> Review:
    """Decide a closing session's review from the day's claimed hours before it.

    Claimed: approved plus waiting for review, so the order of sign-outs and approvals never
    changes the level. A session that keeps the day at or under 8 h is approved; one that takes
    it above 8 h needs a manager as a whole, and above 12 h an administrator (§3.4).
    """
    total = claimed_that_day + hours
    if total > rules.admin_review_above:
        return Review(ReviewLevel.ADMIN, ReviewReason.DAILY_OVER_ADMIN_LINE)
    if total > rules.manager_review_above:
        return Review(ReviewLevel.MANAGER, ReviewReason.DAILY_OVER_MANAGER_LINE)
    return Review(None, None)


def make_up_review(claimed_that_day: Decimal, hours: Decimal, rules: HourRules) -> Review:
    """Decide a make-up's review: a manager always, an administrator above the day's 12 h."""
    daily = daily_review(claimed_that_day, hours, rules)
    level = ReviewLevel.ADMIN if daily.level is ReviewLevel.ADMIN else ReviewLevel.MANAGER
    return Review(level, ReviewReason.MAKE_UP)


def approver_level_needed(
    level: ReviewLevel | None, approved_that_day: Decimal, hours: Decimal, rules: HourRules
) -> ReviewLevel:
    """Return who may approve a waiting record now: at least its own level, and an
    administrator for the record that takes the day's approved hours above 12 h."""
    if approved_that_day + hours > rules.admin_review_above:
        return ReviewLevel.ADMIN
    return level or ReviewLevel.MANAGER
