"""Who must approve a day's hours (docs/rules.md §3.4): above 8 claimed hours a manager,
above 12 an administrator, counted over the whole day as sessions are signed out; make-ups
always wait for a manager; and the level an approver needs once earlier hours were approved.
A table of examples, no database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rules_world import RULES

from volunteer.records import review_rules
from volunteer.records.review_rules import ReviewLevel

# --- Daily review ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claimed", "hours", "level", "reason"),
    [
        pytest.param("0", "3", None, None, id="3 h → approved"),
        pytest.param("0", "8", None, None, id="exactly 8.0 → approved"),
        pytest.param("5", "3", None, None, id="5 + 3 = 8.0 → approved"),
        pytest.param("0", "8.5", "manager", "daily_over_8", id="8.5 → manager"),
        pytest.param("8", "0.5", "manager", "daily_over_8", id="8 + 0.5 → manager"),
        pytest.param("6", "3", "manager", "daily_over_8", id="6 + 3 = 9 → manager as a whole"),
        pytest.param("0", "12", "manager", "daily_over_8", id="12.0 → manager"),
        pytest.param("4", "8", "manager", "daily_over_8", id="4 + 8 = 12.0 → manager"),
        pytest.param("0", "12.5", "admin", "daily_over_12", id="12.5 → admin"),
        pytest.param("12", "0.5", "admin", "daily_over_12", id="12 + 0.5 → admin"),
        pytest.param("8", "5", "admin", "daily_over_12", id="8 + 5 = 13 → admin"),
        pytest.param(
            "9", "0", "manager", "daily_over_8", id="0 h after 9 claimed: the day stays above 8"
        ),
    ],
)
def test_daily_review(claimed, hours, level, reason):
    review = review_rules.daily_review(Decimal(claimed), Decimal(hours), RULES)
    assert review.level == level
    assert review.reason == reason


def levels_at_sign_out(sessions: list[str]) -> list[str | None]:
    """Sign out each session of one day in turn, nothing approved in between: all claimed."""
    claimed, levels = Decimal(0), []
    for hours in map(Decimal, sessions):
        levels.append(review_rules.daily_review(claimed, hours, RULES).level)
        claimed += hours
    return levels


@pytest.mark.parametrize(
    ("sessions", "levels"),
    [
        pytest.param(["5", "4", "4"], [None, "manager", "admin"], id="5, 4, 4 (§3.4 example)"),
        pytest.param(["4", "4", "4"], [None, None, "manager"], id="4, 4, 4: 8 and 12 are lines"),
        pytest.param(["9", "2"], ["manager", "manager"], id="9 waiting, then 2: still claimed"),
        pytest.param(["13", "1"], ["admin", "admin"], id="13 waiting, then 1 → admin"),
    ],
)
def test_the_level_follows_the_days_claimed_hours(sessions, levels):
    assert levels_at_sign_out(sessions) == levels


@pytest.mark.parametrize(
    ("claimed", "hours", "level"),
    [
        pytest.param("0", "3", "manager", id="a small make-up → manager"),
        pytest.param("8", "4", "manager", id="8 + 4 = 12 → manager"),
        pytest.param("9", "4", "admin", id="9 + 4 = 13 → admin"),
    ],
)
def test_a_make_up_waits_for_a_manager_or_above_12_h_an_admin(claimed, hours, level):
    review = review_rules.make_up_review(Decimal(claimed), Decimal(hours), RULES)
    assert (review.level, review.reason) == (level, "make_up")


@pytest.mark.parametrize(
    ("level", "approved", "hours", "needed"),
    [
        pytest.param("manager", "0", "3", "manager", id="small → manager"),
        pytest.param("manager", "0", "12", "manager", id="12.0 → manager"),
        pytest.param("manager", "8", "4", "manager", id="8 + 4 = 12 → manager"),
        pytest.param("manager", "0", "12.5", "admin", id="12.5 → admin"),
        pytest.param("manager", "10", "3", "admin", id="10 + 3 → admin"),
        pytest.param("manager", "9", "4", "admin", id="marked for a manager, crosses 12 → admin"),
        pytest.param("admin", "5", "4", "admin", id="marked for an admin stays an admin's"),
        pytest.param(None, "0", "3", "manager", id="no level (a correction) → manager"),
    ],
)
def test_approver_level_needed(level, approved, hours, needed):
    assert (
        review_rules.approver_level_needed(
            level and ReviewLevel(level), Decimal(approved), Decimal(hours), RULES
        )
        == needed
    )
