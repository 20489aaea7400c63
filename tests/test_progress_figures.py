"""Every figure of docs/rules.md §4 on a small organisation built by hand (progress_town_world.py),
checked against sums worked out here: people who left, transfers both ways, hiring after D,
registrations after D, the year boundary at local midnight, pending, rejected and void hours, an
external volunteer and a stored target; then the hours distribution and months of the charts, and
the people list with its filters and what each person still needs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from progress_town_world import D, town_fixture  # noqa: F401 - the fixture is used by name

from volunteer.extensions import db as _db
from volunteer.progress.figures import PaceStatus, person_year
from volunteer.progress.queries.charts import hours_distribution, monthly_hours
from volunteer.progress.queries.people import people_of
from volunteer.progress.queries.units import progress_with_children, unit_progress
from volunteer.progress.queries.years import measure_for
from volunteer.records.models import ServiceRecord
from volunteer.records.queries.totals_check import check_totals
from volunteer.targets.models import YearlyTarget


def figures_of(unit, today=D, year=2026):
    return unit_progress(unit, measure_for(year, today=today))


def test_totals_follow_every_record_change(town):
    assert check_totals() == []


def test_hospital_a_counts_only_its_people_on_d(town):
    a = figures_of(town.org["a"])
    # p1, p2 and p3; p4 left before D; p5 was still in B on D.
    assert a.headcount == 3
    assert a.registered == 1  # p2 registered after D
    assert a.approved_hours == Decimal("40.0")  # p1 27 + 3 make-up, p2 10
    assert a.make_up_hours == Decimal("3.0")
    assert a.pending_hours == Decimal("10.0")  # rejected and void count nowhere
    assert a.meeting_target == 0
    assert a.registration_rate == Decimal("0.3333")
    assert a.hours_per_person == Decimal("13.33")
    # pace on 30 June = 48 × 181 / 365 = 23.80; 13.33 is below 80% of it.
    assert a.pace_status == PaceStatus.BEHIND
    assert a.party_headcount == 1 and a.party_hours == Decimal("30.0")


def test_hospital_b_holds_the_people_placed_there_on_d(town):
    b = figures_of(town.org["b"])
    # p5 (moved away only in August), p6 (moved in in March), p8; p7 hired after D.
    assert b.headcount == 3
    assert b.registered == 3
    assert b.approved_hours == Decimal("86.0")  # 50 + 12 + 24 (p8's 2025 hours excluded)
    assert b.meeting_target == 1
    assert b.hours_per_person == Decimal("28.67")
    assert b.pace_status == PaceStatus.ON_TRACK
    assert b.party_headcount == 1 and b.party_hours == Decimal("24.0")


def test_the_commission_rolls_up_and_excludes_external_volunteers(town):
    total, rows = progress_with_children(town.org["root"], measure_for(2026, today=D))
    assert total.headcount == 6
    assert total.registered == 4
    assert total.approved_hours == Decimal("126.0")
    assert total.hours_per_person == Decimal("21.00")
    # 21.00 is 88% of the pace 23.80: at risk.
    assert total.pace_status == PaceStatus.AT_RISK
    assert [row.code for row in rows] == ["H-A", "H-B"]
    assert sum(row.headcount for row in rows) == total.headcount
    assert sum(row.approved_hours for row in rows) == total.approved_hours


def test_a_hospital_shows_its_own_staff_as_a_last_row(town):
    total, rows = progress_with_children(town.org["a"], measure_for(2026, today=D))
    assert total.headcount == 3
    assert [(row.code, row.kind, row.headcount) for row in rows] == [
        ("H-A-01", "department", 2),
        ("H-A", "own", 1),  # p3 works for the hospital itself
    ]
    assert rows[1].approved_hours == Decimal("0.0")


def test_today_after_the_moves_places_people_where_they_are_now(town):
    later = figures_of(town.org["a"], today=date(2026, 11, 23))
    # p1, p2, p3 and p5 (arrived 1 August); p2 is now registered.
    assert later.headcount == 4
    assert later.registered == 3
    assert later.approved_hours == Decimal("90.0")
    b = figures_of(town.org["b"], today=date(2026, 11, 23))
    assert b.headcount == 3  # p6, p7 (hired in September) and p8
    assert b.approved_hours == Decimal("44.0")  # 12 + 8 + 24


def test_a_past_year_is_measured_on_31_december(town):
    measure = measure_for(2025, today=D)
    assert measure.day == date(2025, 12, 31)
    root = unit_progress(town.org["root"], measure)
    # Everyone but p7 was on the roster (no hiring dates); nobody had registered yet.
    assert root.headcount == 7
    assert root.registered == 0
    assert root.approved_hours == Decimal("2.0")  # p8's New Year's Eve session
    assert root.pace_status == PaceStatus.BEHIND


def test_local_midnight_splits_the_years(town):
    p8 = town.people["p8"]
    dates = sorted(
        record.service_date
        for record in _db.session.scalars(
            _db.select(ServiceRecord).where(ServiceRecord.account_id == p8.id)
        )
    )
    assert dates[:2] == [date(2025, 12, 31), date(2026, 1, 1)]


def test_a_stored_target_changes_who_meets_it_and_the_pace(town):
    _db.session.add(
        YearlyTarget(year=2026, registration_rate=Decimal("0.9"), hours_per_person=Decimal("24"))
    )
    _db.session.commit()
    b = figures_of(town.org["b"])
    assert b.meeting_target == 2  # p5 with 50 h and p8 with 24 h
    assert b.measure.hours_target == Decimal("24.0")
    assert b.registration_met


def test_distribution_and_months_add_up(town):
    measure = measure_for(2026, today=D)
    root = unit_progress(town.org["root"], measure)
    labels = dict(hours_distribution(root))
    assert labels == {
        "0": 1,  # p3
        "0–12": 1,  # p2 with 10 h
        "12–24": 1,  # p6 with 12 h
        "24–36": 2,  # p1 30 h, p8 24 h
        "36–48": 0,
        "48–72": 1,  # p5
        "72–96": 0,
        "≥96": 0,
    }
    months = monthly_hours(town.org["root"], measure)
    assert sum(months) == root.approved_hours
    assert months[0] == Decimal("2.0")  # p8's first hours of January
    assert months[2] == Decimal("27.0")  # p1 in March


def test_people_filters_and_what_each_still_needs(town):
    measure = measure_for(2026, today=D)
    a = town.org["a"]

    def names(**options):
        return [row[0].name for row in _db.session.execute(people_of(a, measure, **options))]

    assert names() == ["三号", "一号", "二号"]  # by unit code, then 工号
    assert names(filter="unregistered") == ["三号", "二号"]
    assert names(filter="left") == ["四号"]
    assert names(filter="below_target") == ["三号", "一号", "二号"]
    assert names(filter="behind_pace", sort="approved", descending=True) == ["二号", "三号"]
    row = _db.session.execute(people_of(a, measure, sort="approved", descending=True)).first()
    year = person_year(row.approved, row.make_up, row.pending, measure, D)
    assert (year.approved, year.make_up, year.pending) == (
        Decimal("30.0"),
        Decimal("3.0"),
        Decimal("10.0"),
    )
    assert year.needed == Decimal("18.0")
    # 185 days from 30 June to 31 December inclusive: 18 × 7 / 185 = 0.68 h a week.
    assert year.weekly_needed == Decimal("0.7")
    assert year.pace_status == PaceStatus.ON_TRACK
