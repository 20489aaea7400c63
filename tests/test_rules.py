"""The rules for hours (docs/rules.md §3) as a table of examples: every boundary, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from volunteer.config import DefaultConfig
from volunteer.records import review_rules, rules
from volunteer.records.review_rules import ReviewLevel
from volunteer.records.rules import HourRules, RuleBroken

RULES = HourRules()
SHANGHAI = ZoneInfo("Asia/Shanghai")
# An activity from 09:00 to 12:00 local time (01:00–04:00 UTC).
START = datetime(2026, 3, 5, 9, 0, tzinfo=SHANGHAI)
END = datetime(2026, 3, 5, 12, 0, tzinfo=SHANGHAI)


def at(hour: int, minute: int = 0, *, day: int = 5) -> datetime:
    """Return a local time on 5 March 2026 (or another day of that month)."""
    return datetime(2026, 3, day, hour, minute, tzinfo=SHANGHAI)


def minutes(n: int) -> timedelta:
    return timedelta(minutes=n)


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


# --- Windows -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "refusal"),
    [
        pytest.param(START - minutes(61), "签到尚未开始", id="61 min before start → refused"),
        pytest.param(START - minutes(60), None, id="60 min before start → open"),
        pytest.param(START - minutes(59), None, id="59 min before start → open"),
        pytest.param(START, None, id="at start → open"),
        pytest.param(END - minutes(1), None, id="1 min before end → open"),
        pytest.param(END - timedelta(seconds=1), None, id="1 s before end → open"),
        pytest.param(END, "活动已结束", id="at end → refused"),
        pytest.param(END + minutes(1), "活动已结束", id="after end → refused"),
    ],
)
def test_sign_in_window(moment, refusal):
    if refusal is None:
        rules.check_sign_in_window(moment, START, END, RULES)
    else:
        with pytest.raises(RuleBroken) as refused:
            rules.check_sign_in_window(moment, START, END, RULES)
        assert refusal in refused.value.message


def test_sign_in_too_early_names_the_minutes():
    with pytest.raises(RuleBroken) as refused:
        rules.check_sign_in_window(START - minutes(61), START, END, RULES)
    assert refused.value.params == {"minutes": 60}
    assert rules.sign_in_opens_at(START, RULES) == START - minutes(60)


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        pytest.param(END, True, id="at end → accepted"),
        pytest.param(END + minutes(119), True, id="end + 1 h 59 → accepted"),
        pytest.param(END + minutes(120), True, id="end + 2 h exactly → accepted"),
        pytest.param(END + minutes(121), False, id="end + 2 h 01 → forgotten"),
        pytest.param(END + timedelta(minutes=120, seconds=1), False, id="end + 2 h 00 s 1 → late"),
    ],
)
def test_sign_out_window(moment, accepted):
    assert rules.is_forgotten(moment, END, RULES) is not accepted
    assert rules.sign_out_closes_at(END, RULES) == END + minutes(120)


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


# --- Sessions per day and overlaps -------------------------------------------------------------


@pytest.mark.parametrize(
    ("earlier_sessions", "allowed"),
    [
        pytest.param(0, True, id="first session → ok"),
        pytest.param(2, True, id="2 earlier → third ok"),
        pytest.param(3, False, id="3 earlier → fourth refused"),
        pytest.param(4, False, id="4 earlier → refused"),
    ],
)
def test_sessions_per_day(earlier_sessions, allowed):
    if allowed:
        rules.check_sessions_per_day(earlier_sessions, RULES)
    else:
        with pytest.raises(RuleBroken) as refused:
            rules.check_sessions_per_day(earlier_sessions, RULES)
        assert refused.value.params == {"count": 3}


@pytest.mark.parametrize(
    ("begin", "end", "others", "clash"),
    [
        pytest.param(at(10), at(11), [], None, id="nothing else → none"),
        pytest.param(at(10), at(11), [(at(9), at(10))], None, id="touching before → none"),
        pytest.param(at(10), at(11), [(at(11), at(12))], None, id="touching after → none"),
        pytest.param(
            at(10), at(11), [(at(9), at(10, 1))], (at(9), at(10, 1)), id="1 min shared → clash"
        ),
        pytest.param(
            at(10), at(11), [(at(10, 15), at(10, 30))], (at(10, 15), at(10, 30)), id="inside"
        ),
        pytest.param(at(10), at(11), [(at(9), at(12))], (at(9), at(12)), id="around"),
        pytest.param(
            at(10),
            at(11),
            [(at(8), at(9)), (at(10, 59), at(12))],
            (at(10, 59), at(12)),
            id="the first that clashes",
        ),
    ],
)
def test_overlaps(begin, end, others, clash):
    assert rules.overlaps(begin, end, others) == clash


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


# --- Entered sessions: make-ups, corrections, imports, forgotten sign-outs ---------------------


@pytest.mark.parametrize(
    ("begin", "end", "refusal", "hours"),
    [
        pytest.param(at(9), at(12), None, "3", id="the whole activity → 3"),
        pytest.param(at(10), at(11), None, "1", id="inside → 1"),
        pytest.param(at(8, 30), at(10), None, "1", id="begins before start → clipped"),
        pytest.param(at(11), at(12, 40), None, "1", id="ends after end → clipped"),
        pytest.param(at(8), at(13), None, "3", id="longer than the activity → its length"),
        pytest.param(at(7), at(9), "不在活动时间内", None, id="wholly before → refused"),
        pytest.param(at(12), at(13), "不在活动时间内", None, id="wholly after → refused"),
        pytest.param(at(10), at(10), "晚于开始时间", None, id="empty → refused"),
        pytest.param(at(11), at(10), "晚于开始时间", None, id="backwards → refused"),
    ],
)
def test_an_entered_session_is_clipped_to_the_activity(begin, end, refusal, hours):
    if refusal is None:
        rules.check_entered_session(begin, end, START, END)
        worth = rules.session_hours(begin, end, START, END, RULES)
        assert worth.hours == Decimal(hours)
        assert worth.hours <= rules.activity_hours(START, END, RULES)
    else:
        with pytest.raises(RuleBroken) as refused:
            rules.check_entered_session(begin, end, START, END)
        assert refusal in refused.value.message


def test_a_session_without_time_inside_names_the_activitys_times():
    with pytest.raises(RuleBroken) as refused:
        rules.check_entered_session(at(7), at(8), START, END)
    assert refused.value.params == {"begin": START, "end": END}


@pytest.mark.parametrize(
    ("signed_in", "signed_out", "counted", "clipped"),
    [
        pytest.param(at(9), at(11), (at(9), at(11)), False, id="inside → as written"),
        pytest.param(at(7, 30), at(12, 40), (at(9), at(12)), True, id="both ends → clipped"),
        pytest.param(at(8, 30), at(11), (at(9), at(11)), True, id="early sign-in → clipped"),
        pytest.param(at(9), at(12), (at(9), at(12)), False, id="exactly the activity"),
        pytest.param(at(12), at(13), None, True, id="wholly after → nothing counts"),
        pytest.param(at(10), at(10), None, False, id="signed out at once → nothing, not clipped"),
    ],
)
def test_session_hours_say_what_counted(signed_in, signed_out, counted, clipped):
    worth = rules.session_hours(signed_in, signed_out, START, END, RULES)
    assert worth.counted == counted
    assert worth.clipped is clipped


@pytest.mark.parametrize(
    ("signed_in", "signed_out", "refusal"),
    [
        pytest.param(at(9), at(11), None, id="before the end → ok"),
        pytest.param(at(9), at(12), None, id="at the end → ok"),
        pytest.param(at(8, 30), at(9, 30), None, id="sign-in before the start → ok"),
        pytest.param(at(9), at(12, 40), None, id="after the end → ok, clipped"),
        pytest.param(at(10), at(10), "晚于签到时间", id="at the sign-in → refused"),
        pytest.param(at(10), at(9, 30), "晚于签到时间", id="before the sign-in → refused"),
    ],
)
def test_forgotten_sign_out_time(signed_in, signed_out, refusal):
    if refusal is None:
        rules.check_forgotten_sign_out_time(signed_in, signed_out)
        assert rules.session_hours(signed_in, signed_out, START, END, RULES).hours <= 3
    else:
        with pytest.raises(RuleBroken) as refused:
            rules.check_forgotten_sign_out_time(signed_in, signed_out)
        assert refusal in refused.value.message


# --- Sheet rows and midnight -------------------------------------------------------------------

NIGHT_START, NIGHT_END = at(22), at(6, day=6)  # 22:00 on the 5th to 06:00 on the 6th


@pytest.mark.parametrize(
    ("starts", "ends", "spans"),
    [
        pytest.param(START, END, False, id="09:00–12:00 → no"),
        pytest.param(NIGHT_START, NIGHT_END, True, id="22:00–06:00 → yes"),
        pytest.param(at(22), at(0, day=6), True, id="22:00–24:00 → yes (ends the next day)"),
        pytest.param(at(0), at(23, 59), False, id="00:00–23:59 → no"),
    ],
)
def test_spans_midnight(starts, ends, spans):
    assert rules.spans_midnight(starts, ends, SHANGHAI) is spans


@pytest.mark.parametrize(
    ("begin", "end", "starts", "ends", "read", "refusal"),
    [
        pytest.param(at(9), at(11), START, END, at(11), None, id="09:00–11:00 → as written"),
        pytest.param(
            at(22), at(2), NIGHT_START, NIGHT_END, at(2, day=6), None, id="22:00–02:00 at night"
        ),
        pytest.param(
            at(23), at(0), NIGHT_START, NIGHT_END, at(0, day=6), None, id="23:00–00:00 at night"
        ),
        pytest.param(
            at(11), at(10), START, END, None, "且该活动不跨午夜", id="end first by day → refused"
        ),
        pytest.param(at(10), at(10), START, END, None, "晚于开始时间", id="same time → refused"),
        pytest.param(
            at(2), at(2), NIGHT_START, NIGHT_END, None, "晚于开始时间", id="same time at night"
        ),
    ],
)
def test_a_sheet_rows_end_crosses_midnight_only_at_a_night_activity(
    begin, end, starts, ends, read, refusal
):
    if refusal is None:
        assert rules.sheet_row_end(begin, end, starts, ends, SHANGHAI) == read
    else:
        with pytest.raises(RuleBroken) as refused:
            rules.sheet_row_end(begin, end, starts, ends, SHANGHAI)
        assert refusal in refused.value.message


def test_a_night_session_is_clipped_and_rounded_across_midnight():
    worth = rules.session_hours(at(21, 30), at(1, 16, day=6), NIGHT_START, NIGHT_END, RULES)
    assert worth.counted == (NIGHT_START, at(1, 16, day=6))
    assert (worth.minutes, worth.hours) == (196, Decimal("3.5"))


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
