"""The rules for hours (docs/rules.md §3) as a table of examples: every boundary, no database.
Here: rounding minutes to hours, clipping a session to the activity, the local day a moment
falls on, and the settings every rule reads."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from rules_world import END, RULES, SHANGHAI, START, at, minutes

from volunteer.config import DefaultConfig
from volunteer.records import review_rules, rules
from volunteer.records.rules import HourRules, RuleBroken

# --- Rounding ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("session_minutes", "hours"),
    [
        pytest.param(0, "0", id="0 min → 0"),
        pytest.param(14, "0", id="14 min → 0"),
        pytest.param(15, "0", id="15 min → 0"),
        pytest.param(16, "0.5", id="16 min → 0.5"),
        pytest.param(44, "0.5", id="44 min → 0.5"),
        pytest.param(45, "0.5", id="45 min → 0.5"),
        pytest.param(46, "1", id="46 min → 1"),
        pytest.param(59, "1", id="59 min → 1"),
        pytest.param(60, "1", id="60 min → 1"),
        pytest.param(61, "1", id="1 h 01 → 1"),
        pytest.param(135, "2", id="2 h 15 → 2.0"),
        pytest.param(136, "2.5", id="2 h 16 → 2.5"),
        pytest.param(165, "2.5", id="2 h 45 → 2.5"),
        pytest.param(166, "3", id="2 h 46 → 3.0"),
        pytest.param(180, "3", id="3 h → 3"),
        pytest.param(12 * 60 + 50, "13", id="12 h 50 → 13"),
    ],
)
def test_rounding(session_minutes, hours):
    assert rules.round_hours(session_minutes, RULES) == Decimal(hours)


def test_rounding_refuses_negative_minutes():
    with pytest.raises(ValueError):
        rules.round_hours(-1, RULES)


@pytest.mark.parametrize(
    ("signed_in", "signed_out", "credited", "hours"),
    [
        pytest.param(at(9), at(11, 15), 135, "2", id="2 h 15 inside → 2.0"),
        pytest.param(at(9), at(11, 16), 136, "2.5", id="2 h 16 inside → 2.5"),
        pytest.param(at(9), at(11, 46), 166, "3", id="2 h 46 inside → 3.0"),
        pytest.param(at(8, 5), at(10), 60, "1", id="sign-in before start: clipped to start"),
        pytest.param(at(11), at(13, 30), 60, "1", id="sign-out after end: clipped to end"),
        pytest.param(at(8), at(13), 180, "3", id="both outside: the activity's length"),
        pytest.param(at(8), at(8, 59), 0, "0", id="entirely before the start → 0"),
        pytest.param(at(12), at(13), 0, "0", id="entirely after the end → 0"),
        pytest.param(at(9, 30), at(9, 30), 0, "0", id="signed out at once → 0"),
        pytest.param(
            at(9) + timedelta(seconds=10),
            at(9, 16) + timedelta(seconds=5),
            15,
            "0",
            id="seconds dropped: 15 min 55 s → 15 min → 0",
        ),
    ],
)
def test_session_hours_clip_and_round(signed_in, signed_out, credited, hours):
    worth = rules.session_hours(signed_in, signed_out, START, END, RULES)
    assert worth.minutes == credited
    assert worth.hours == Decimal(hours)


def test_session_hours_refuses_sign_out_before_sign_in():
    with pytest.raises(RuleBroken) as refused:
        rules.session_hours(at(10), at(9, 59), START, END, RULES)
    assert refused.value.message == "签退时间不能早于签到时间。"


def test_session_hours_use_utc_and_local_times_alike():
    """An aware UTC time and the same local time are the same moment."""
    worth = rules.session_hours(
        datetime(2026, 3, 5, 1, 0, tzinfo=UTC), at(11, 16), START, END, RULES
    )
    assert worth.hours == Decimal("2.5")


@pytest.mark.parametrize(
    ("starts", "ends", "hours"),
    [
        pytest.param(at(9), at(12), "3", id="3 h"),
        pytest.param(at(9), at(11, 15), "2", id="2 h 15 → 2"),
        pytest.param(at(9), at(11, 16), "2.5", id="2 h 16 → 2.5"),
        pytest.param(at(9), at(9, 10), "0", id="10 min → 0"),
    ],
)
def test_activity_hours(starts, ends, hours):
    assert rules.activity_hours(starts, ends, RULES) == Decimal(hours)


# --- Local days --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        pytest.param(at(23, 59, day=5), date(2026, 3, 5), id="23:59 local → that day"),
        pytest.param(at(0, 0, day=6), date(2026, 3, 6), id="00:00 local → the next day"),
        pytest.param(
            datetime(2026, 3, 5, 15, 59, tzinfo=UTC), date(2026, 3, 5), id="15:59 UTC → 23:59 local"
        ),
        pytest.param(
            datetime(2026, 3, 5, 16, 0, tzinfo=UTC),
            date(2026, 3, 6),
            id="16:00 UTC on the 5th → the 6th locally",
        ),
        pytest.param(
            datetime(2025, 12, 31, 16, 30, tzinfo=UTC),
            date(2026, 1, 1),
            id="New Year's Eve in UTC → the next year locally",
        ),
    ],
)
def test_service_date_is_the_local_day(moment, day):
    assert rules.service_date(moment, SHANGHAI) == day


def test_a_minute_apart_across_local_midnight_are_two_days():
    assert rules.service_date(at(23, 59, day=5), SHANGHAI) != rules.service_date(
        at(0, 0, day=6), SHANGHAI
    )


# --- Settings ----------------------------------------------------------------------------------


def test_from_config_defaults_are_the_design():
    config = {key: getattr(DefaultConfig, key) for key in dir(DefaultConfig) if key.isupper()}
    assert HourRules.from_config(config) == HourRules()


def test_from_config_reads_every_setting():
    built = HourRules.from_config(
        {
            "SIGN_IN_OPENS_MINUTES_BEFORE": "30",
            "SIGN_OUT_CLOSES_MINUTES_AFTER": 90,
            "MAX_SESSIONS_PER_ACTIVITY_PER_DAY": 2,
            "DAILY_MANAGER_REVIEW_HOURS": 7.5,
            "DAILY_ADMIN_REVIEW_HOURS": "10",
        }
    )
    assert built.sign_in_opens_before == minutes(30)
    assert built.sign_out_closes_after == minutes(90)
    assert built.max_sessions_per_activity_per_day == 2
    assert built.manager_review_above == Decimal("7.5")
    assert built.admin_review_above == Decimal("10")
    # The settings change the rules that use them.
    with pytest.raises(RuleBroken):
        rules.check_sign_in_window(START - minutes(31), START, END, built)
    assert rules.is_forgotten(END + minutes(91), END, built)
    with pytest.raises(RuleBroken):
        rules.check_sessions_per_day(2, built)
    assert review_rules.daily_review(Decimal("0"), Decimal("8"), built).level == "manager"
    assert review_rules.daily_review(Decimal("0"), Decimal("10.5"), built).level == "admin"
