"""Sessions entered rather than scanned (docs/rules.md §3): make-ups, corrections, imported
sheet rows and forgotten sign-outs are refused without time inside the activity, clipped to it
otherwise, and say what counted; a sheet row's end crosses midnight only at an activity that
does. A table of examples, no database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rules_world import END, RULES, SHANGHAI, START, at

from volunteer.records import rules
from volunteer.records.rules import RuleBroken

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
