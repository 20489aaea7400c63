"""The city's service records: about 1.2 million sessions from 1 January to yesterday.

Each volunteer gets a number of sessions drawn from a long-tailed distribution (most serve a
little, a few a lot, some not at all; some units more than others), placed in distinct
half-day slots so that no two of a person's sessions overlap (07:30–13:30 and 13:30–19:30,
local time, so the service date is the local date of the sign-in). Most are approved scans;
some are forgotten sign-outs (0 h, waiting for review), make-up entries (approved, pending or
rejected), days over 8 hours sent to review, and voided duplicates. Hours follow the rounding
rule of docs/rules.md §3.2 on the session's minutes.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from volunteer.demo.city_activities import Calendar
from volunteer.demo.city_state import City
from volunteer.records.models import RecordSource, RecordStatus, ReviewLevel, ReviewReason
from volunteer.records.rules import round_hours
from volunteer.records.services.auditing import AUDITED_FIELDS

CHUNK = 20_000
NEVER_SERVED = 0.1  # registered, and not one session this year
# Session lengths in minutes: (share, shortest, longest).
LENGTHS = [(0.70, 30, 60), (0.20, 61, 120), (0.08, 121, 240), (0.02, 241, 300)]
# Cumulative shares of one draw per session: forgotten sign-outs (the first part of them
# resolved), make-up entries, voided duplicates; the rest are scans that went well.
RESOLVED_UNDER, FORGOTTEN_UNDER, MAKE_UP_UNDER, VOID_UNDER = 0.007, 0.012, 0.042, 0.047
RECENT_DAYS = 30  # reviews of older sessions are done; newer ones may still wait
# How a session that went well was scanned: (cumulative share, source).
SCANS = [
    (0.82, str(RecordSource.SELF_SCAN)),
    (0.87, str(RecordSource.STATIC_CODE)),
    (0.96, str(RecordSource.COORDINATOR_SCAN)),
    (1.01, str(RecordSource.COORDINATOR_ENTRY)),
]
BY_COORDINATOR = {str(RecordSource.COORDINATOR_SCAN), str(RecordSource.COORDINATOR_ENTRY)}
PHONES = [
    "Mozilla/5.0 (Linux; Android 14; V2307A) MicroMessenger/8.0.49",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) MicroMessenger/8.0.50",
    "Mozilla/5.0 (Linux; Android 13; PGT-AN10) MicroMessenger/8.0.47",
]
# Every column the services audit, then who wrote the row and when.
COLUMNS = [
    *AUDITED_FIELDS,
    "recorded_by_id",
    "signed_out_by_id",
    "device",
    "reviewed_by_id",
    "reviewed_at",
    "created_at",
    "updated_at",
]

APPROVED, NEEDS_REVIEW = str(RecordStatus.APPROVED), str(RecordStatus.NEEDS_REVIEW)
REJECTED, VOIDED = str(RecordStatus.REJECTED), str(RecordStatus.VOID)
MANAGER = str(ReviewLevel.MANAGER)
SELF_SCAN, MADE_UP = str(RecordSource.SELF_SCAN), str(RecordSource.MAKE_UP)
FORGOTTEN_SIGN_OUT = str(ReviewReason.FORGOTTEN_SIGN_OUT)
DAY_OVER_8 = str(ReviewReason.DAILY_OVER_MANAGER_LINE)
MAKE_UP_REVIEW = str(ReviewReason.MAKE_UP)
MAKE_UP_NOTE = "活动现场未扫码，按纸质签到表补录\n签到表照片已留存"
RESOLVED_NOTE = "忘记签退，已按活动负责人确认的离开时间补签退"


def session_counts(city: City) -> list[int]:
    """How many sessions each volunteer has this year, adding up to about size.records."""
    rng = city.rng
    unit_keenness = [rng.lognormvariate(0, 0.35) for _ in city.tops]
    weights = []
    for volunteer in city.volunteers:
        days = volunteer.last_day - volunteer.first_day + 1
        if days <= 0 or rng.random() < NEVER_SERVED:
            weights.append(0.0)
        else:
            keenness = rng.lognormvariate(0, 1.0) * unit_keenness[volunteer.top_after]
            weights.append(keenness * days)
    slots = [2 * max(0, v.last_day - v.first_day + 1) for v in city.volunteers]
    counts = [0] * len(weights)
    wanted = city.size.records
    for _round in range(3):  # a second pass hands out what the busiest could not take
        open_weight = sum(w for w, c, s in zip(weights, counts, slots, strict=True) if c < s)
        missing = wanted - sum(counts)
        if open_weight <= 0 or missing <= 0:
            break
        for i, weight in enumerate(weights):
            if weight and counts[i] < slots[i]:
                counts[i] = min(slots[i], counts[i] + round(weight * missing / open_weight))
    return counts


def add_records(city: City, calendar: Calendar) -> None:
    """Write every volunteer's sessions of the year, CHUNK rows at a time."""
    statuses: Counter = Counter()
    if city.days and city.volunteers:
        with city.writer.foreign_keys_checked_at_the_end("service_record"):
            statuses = _write_sessions(city, calendar)
    city.counts["records"] = sum(statuses.values())
    city.counts.update({f"records_{status}": n for status, n in statuses.items()})


def _write_sessions(city: City, calendar: Calendar) -> Counter:
    """Generate and write the sessions; return how many of each status were written."""
    # One long loop on purpose: at a million sessions, each helper call per session costs
    # seconds, and local names for the generator's methods save as much again.
    rng, writer = city.rng, city.writer
    moment = writer.moment
    random, randrange, choice = rng.random, rng.randrange, rng.choice
    midnights = [city.local_moment(city.year_start + timedelta(days=d)) for d in range(city.days)]
    dates = [writer.day(city.year_start + timedelta(days=d)) for d in range(city.days)]
    lengths = _lengths(rng)
    hours_of = {m: float(round_hours(m)) for m in range(max(lengths) + 1)}
    recent = city.days - RECENT_DAYS
    cutoff = city.local_moment(city.today)  # nothing written later than today's midnight
    manager = city.manager_id
    statuses: Counter = Counter()
    rows: list[tuple] = []
    for volunteer, count in zip(city.volunteers, session_counts(city), strict=True):
        if not count:
            continue
        account = volunteer.account_id
        phone = PHONES[account % len(PHONES)]
        first, last = 2 * volunteer.first_day, 2 * volunteer.last_day + 2
        day_before, day_hours = -1, 0.0
        for slot in sorted(rng.sample(range(first, last), count)):
            day = slot >> 1
            if day != day_before:
                day_before, day_hours = day, 0.0
            moved = volunteer.switch_day is not None and day < volunteer.switch_day
            activity = calendar.activity(
                volunteer.top_before if moved else volunteer.top_after, day
            )
            begin = midnights[day] + timedelta(minutes=(810 if slot & 1 else 450) + randrange(61))
            minutes = choice(lengths)
            hours = hours_of[minutes]
            end = begin + timedelta(minutes=minutes)
            old = day < recent
            source, status, level, reason = SELF_SCAN, APPROVED, None, None
            note = status_reason = reviewed_by = reviewed_at = None
            recorded_by = signed_out_by = account
            device, created = phone, end
            signed_out_at: datetime | None = end  # None: a forgotten sign-out still open
            draw = random()
            if draw < FORGOTTEN_UNDER:
                level, reason = MANAGER, FORGOTTEN_SIGN_OUT
                if old and draw < RESOLVED_UNDER:
                    note, signed_out_by = RESOLVED_NOTE, manager
                    reviewed_by, reviewed_at = manager, end + timedelta(days=2)
                else:
                    status, signed_out_at, signed_out_by = NEEDS_REVIEW, None, None
                    minutes, hours = 0, 0.0
                    created = begin + timedelta(hours=6)
            elif draw < MAKE_UP_UNDER:
                source, level, reason, note = MADE_UP, MANAGER, MAKE_UP_REVIEW, MAKE_UP_NOTE
                recorded_by = signed_out_by = manager
                device, created = None, end + timedelta(days=2)
                outcome = random()
                if not old and outcome < 0.5:
                    status = NEEDS_REVIEW
                elif outcome < 0.06:
                    status, status_reason = REJECTED, "证明材料不足，请补充签到表"
                if status != NEEDS_REVIEW:
                    reviewed_by, reviewed_at = manager, created + timedelta(days=1)
            elif draw < VOID_UNDER:
                status, status_reason = VOIDED, "重复签到，已作废"
                reviewed_by, reviewed_at = manager, end + timedelta(days=1)
            else:
                how = random()
                source = next(kind for share, kind in SCANS if how < share)
                if source in BY_COORDINATOR:
                    recorded_by = signed_out_by = manager
            if status == APPROVED and source != MADE_UP and day_hours + hours > 8:
                # Rule 4: the session that takes the day above 8 h waits for a manager.
                level, reason = MANAGER, DAY_OVER_8
                status, reviewed_by, reviewed_at = NEEDS_REVIEW, None, None
                if old:
                    reviewed_by, reviewed_at = manager, end + timedelta(days=1)
                    status = APPROVED if random() < 0.8 else REJECTED
                    status_reason = "当日时长核实有误" if status == REJECTED else None
            if status == APPROVED:
                day_hours += hours
            created = min(created, cutoff)
            reviewed_at = None if reviewed_at is None else min(reviewed_at, cutoff)
            updated = reviewed_at or created
            statuses[status] += 1
            rows.append(
                (
                    account,
                    activity,
                    source,
                    status,
                    moment(begin),
                    moment(signed_out_at),
                    dates[day],
                    minutes,
                    hours,
                    level,
                    reason,
                    note,
                    status_reason,
                    recorded_by,
                    signed_out_by,
                    device,
                    reviewed_by,
                    moment(reviewed_at),
                    moment(created),
                    moment(updated),
                )
            )
            if len(rows) >= CHUNK:
                _flush(city, rows)
    _flush(city, rows)
    return statuses


def _flush(city: City, rows: list[tuple]) -> None:
    city.writer.write("service_record", COLUMNS, rows)
    city.advance("服务记录 service records", len(rows))
    rows.clear()


def _lengths(rng) -> list[int]:
    """4,096 session lengths in minutes drawn from LENGTHS, to pick from cheaply."""
    lengths = []
    for share, shortest, longest in LENGTHS:
        lengths += [rng.randint(shortest, longest) for _ in range(round(share * 4096))]
    return lengths
