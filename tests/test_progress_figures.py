"""Every figure of docs/rules.md §4 on a small organisation built by hand, checked against sums
worked out here: people who left, transfers both ways, hiring after D, registrations after D,
the year boundary at local midnight, pending, rejected and void hours, and an external volunteer."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from conftest import local_time

from volunteer.auth.models import Role
from volunteer.extensions import db as _db
from volunteer.people.models import EmploymentStatus, StaffTransfer
from volunteer.progress.figures import PaceStatus, person_year
from volunteer.progress.queries.charts import hours_distribution, monthly_hours
from volunteer.progress.queries.people import people_of
from volunteer.progress.queries.units import progress_with_children, unit_progress
from volunteer.progress.queries.years import measure_for
from volunteer.records.models import ServiceRecord
from volunteer.records.queries.totals_check import check_totals
from volunteer.records.services import entries, review
from volunteer.registration.models import Registration, RegistrationStatus
from volunteer.targets.models import YearlyTarget

D = date(2026, 6, 30)  # the reference date these tests measure on


class Town:
    """The hand-built organisation and a way to give people hours."""

    def __init__(self, org, make_staff, make_account, make_activity):
        self.org, self._staff, self._account = org, make_staff, make_account
        self._activity = make_activity
        self.admin = make_account("admin", Role.ADMIN, org["root"])
        self._keys = iter(range(1, 10_000))

    def person(self, unit, name, *, registered_on=None, **fields):
        """A staff member with a login; registered on the given day (or not at all)."""
        staff = self._staff(unit, name, **fields)
        account = self._account(staff.staff_no, Role.VOLUNTEER, unit, staff_member=staff)
        if registered_on:
            self.register(account, unit, registered_on, staff=staff)
        return account

    def register(self, account, unit, on, *, staff=None, external=False):
        _db.session.add(
            Registration(
                status=RegistrationStatus.ACTIVE,
                unit_id=unit.id,
                staff_member_id=staff.id if staff else None,
                account_id=account.id,
                is_external=external,
                claimed_name=account.display_name,
                registered_on=on,
            )
        )
        _db.session.commit()

    def serve(self, account, begin: datetime, hours: int) -> ServiceRecord:
        """One session of whole hours at its own activity, entered by the import rules."""
        activity = self._activity(self.org["a"], starts_at=begin, hours=hours)
        record = entries.import_session(
            account=account,
            activity=activity,
            begin=begin,
            end=begin + timedelta(hours=hours),
            import_key=f"k{next(self._keys)}",
            by=self.admin,
        )
        _db.session.commit()
        return record

    def serve_days(self, account, hours: int, *, month=3, start_day=1):
        """`hours` of service, 8 a day from 09:00 on consecutive days (each approved)."""
        day = start_day
        while hours > 0:
            self.serve(account, local_time(2026, month, day, 9, 0), min(hours, 8))
            hours -= 8
            day += 1


@pytest.fixture
def town(db, org, make_staff, make_account, make_activity):
    """Hospital A: p1, p2 (registered after D), p3 (H-A's own staff), p4 (left before D).
    Hospital B: p5 (moved to A after D), p6 (moved from A before D), p7 (hired after D),
    p8 (party member, with service on both sides of New Year). And an external volunteer."""
    t = Town(org, make_staff, make_account, make_activity)
    a1, b1 = org["a1"], org["b1"]
    p = t.people = {}
    p["p1"] = t.person(a1, "一号", registered_on=date(2026, 1, 10), political_status="中共党员")
    p["p2"] = t.person(a1, "二号", registered_on=date(2026, 7, 15))
    p["p3"] = t.person(org["a"], "三号")
    p["p4"] = t.person(a1, "四号", registered_on=date(2026, 1, 5))
    p["p5"] = t.person(a1, "五号", registered_on=date(2026, 1, 5))
    p["p6"] = t.person(b1, "六号", registered_on=date(2026, 3, 1))
    p["p7"] = t.person(b1, "七号", registered_on=date(2026, 9, 2), hired_on=date(2026, 9, 1))
    p["p8"] = t.person(b1, "八号", registered_on=date(2026, 2, 1), political_status="中共预备党员")
    external = t._account("ext", Role.VOLUNTEER, org["a"])
    t.register(external, org["a"], date(2026, 1, 1), external=True)

    # p1: 30 h approved, of which 3 h make-up; 10 h pending (a day above 8 h); 5 h rejected;
    # 2 h voided.
    t.serve_days(p["p1"], 27, month=3)
    make_up = entries.enter_make_up(
        account=p["p1"],
        activity=t._activity(org["a"], starts_at=local_time(2026, 4, 2, 9, 0), hours=3),
        begin=local_time(2026, 4, 2, 9, 0),
        end=local_time(2026, 4, 2, 12, 0),
        reason="纸质签到表",
        evidence_note="签到表照片已存档",
        by=t.admin,
    )
    review.approve_records([make_up], by=t.admin)
    t.serve(p["p1"], local_time(2026, 4, 10, 8, 0), 10)  # above 8 h in a day: waits
    rejected = t.serve(p["p1"], local_time(2026, 4, 20, 8, 0), 10)
    review.reject_records([rejected], by=t.admin, reason="重复登记")
    voided = t.serve(p["p1"], local_time(2026, 4, 25, 9, 0), 2)
    review.void_record(voided, by=t.admin, reason="录错活动")
    _db.session.commit()

    t.serve_days(p["p2"], 10, month=5)
    t.serve_days(p["p4"], 20, month=2)
    t.serve_days(p["p5"], 50, month=2)
    t.serve_days(p["p6"], 12, month=5)
    t.serve_days(p["p7"], 8, month=5)  # served before being hired: not in the headcount on D
    # p8: 2 h on New Year's Eve (2025), then 2 h from local midnight (2026), then 22 h more.
    t.serve(p["p8"], local_time(2025, 12, 31, 21, 0), 2)
    t.serve(p["p8"], local_time(2026, 1, 1, 0, 0), 2)
    t.serve_days(p["p8"], 22, month=6)
    t.serve_days(external, 40, month=3)

    # p4 left on 1 May; p5 was in B-01 until 1 August, then in A-01; p6 moved A-01 → B-01.
    staff = {key: account.staff_member for key, account in p.items()}
    staff["p4"].status, staff["p4"].left_on = EmploymentStatus.LEFT, date(2026, 5, 1)
    _db.session.add_all(
        [
            StaffTransfer(
                staff_member=staff["p5"],
                from_unit_id=org["b1"].id,
                to_unit_id=org["a1"].id,
                effective_on=date(2026, 8, 1),
            ),
            StaffTransfer(
                staff_member=staff["p6"],
                from_unit_id=org["a1"].id,
                to_unit_id=org["b1"].id,
                effective_on=date(2026, 3, 1),
            ),
        ]
    )
    _db.session.commit()
    return t


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


def test_the_cli_prints_the_unit_then_its_children(town, runner, monkeypatch):
    monkeypatch.setattr("volunteer.progress.queries.years.local_today", lambda: D)
    result = runner.invoke(args=["progress", "--year", "2026", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [row["code"] for row in rows] == ["WJW", "H-A", "H-B"]
    assert list(rows[0]) == [
        "code",
        "name",
        "headcount",
        "registered",
        "registration_rate",
        "approved_hours",
        "hours_per_person",
        "meeting_target",
        "pace_status",
    ]
    assert rows[0] == {
        "code": "WJW",
        "name": "市卫生健康委员会",
        "headcount": 6,
        "registered": 4,
        "registration_rate": 0.6667,
        "approved_hours": 126.0,
        "hours_per_person": 21.0,
        "meeting_target": 1,
        "pace_status": "at_risk",
    }
    assert rows[2]["pace_status"] == "on_track"

    csv_out = runner.invoke(args=["progress", "--year", "2026", "--unit", "h-a", "--format", "csv"])
    lines = csv_out.output.splitlines()
    assert lines[0] == (
        "code,name,headcount,registered,registration_rate,approved_hours,hours_per_person,"
        "meeting_target,pace_status"
    )
    assert lines[1] == "H-A,第一人民医院,3,1,0.3333,40.0,13.33,0,behind"
    assert lines[2].startswith("H-A-01,心内科,2,1,0.5,40.0,20.0,0,")


def test_the_cli_refuses_an_unknown_unit_and_a_future_year(town, runner):
    unknown = runner.invoke(args=["progress", "--unit", "NOPE"])
    assert unknown.exit_code != 0 and "找不到单位" in unknown.output
    future = runner.invoke(args=["progress", "--year", "2999"])
    assert future.exit_code != 0 and "尚未开始" in future.output


def test_check_hours_totals_reports_and_fixes_a_drift(town, runner):
    _db.session.execute(
        _db.text("UPDATE person_year_hours SET approved_hours = approved_hours + 1")
    )
    _db.session.commit()
    report = runner.invoke(args=["check-hours-totals"])
    assert report.exit_code == 1
    assert "approved_hours" in report.output
    fixed = runner.invoke(args=["check-hours-totals", "--fix"])
    assert fixed.exit_code == 0, fixed.output
    assert runner.invoke(args=["check-hours-totals"]).exit_code == 0
