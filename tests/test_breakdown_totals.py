"""The breakdown's kept totals (unit_year_breakdown) equal a recount after every kind of record
and roster change, give the same breakdown as counting the records, and cost their unit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import local_time
from hours_totals_world import scene_fixture, session  # noqa: F401
from progress_people_world import Y, people_world_fixture  # noqa: F401
from statements import sent_statements

from volunteer.extensions import db as _db
from volunteer.people.services.transfers import transfer_staff_member
from volunteer.progress import breakdown_totals
from volunteer.progress.models import UnitYearBreakdown
from volunteer.progress.queries.breakdown import DIMENSIONS, unit_breakdown
from volunteer.progress.queries.years import measure_for
from volunteer.records.models import RecordSource
from volunteer.records.services import corrections, entries, review, sessions


def kept_rows() -> int:
    return _db.session.query(UnitYearBreakdown).count()


def assert_exact() -> None:
    _db.session.expire_all()
    assert breakdown_totals.check() == []


def test_kept_rows_follow_sign_out_review_void_make_up_and_import(scene):
    volunteer, admin = scene["volunteer"], scene["admin"]
    begin = local_time(2026, 3, 5, 9, 0)
    activity = scene["activity"](scene["org"]["a"], starts_at=begin, hours=3)
    sessions.record_sign_in(
        account=volunteer, activity=activity, source=RecordSource.SELF_SCAN, at=begin
    )
    _db.session.commit()
    assert kept_rows() == 0
    sessions.record_sign_out(account=volunteer, activity=activity, at=begin + timedelta(hours=2))
    _db.session.commit()
    assert kept_rows() == 5  # all, team, project, category, theme
    assert_exact()

    waiting = session(scene, local_time(2026, 4, 1, 8, 0), 10, key="a")  # an import
    assert_exact()
    review.approve_records([waiting], by=admin)
    _db.session.commit()
    assert_exact()
    other = session(scene, local_time(2026, 4, 2, 8, 0), 10, key="b")
    review.reject_records([other], by=admin, reason="重复")
    review.void_record(waiting, by=admin, reason="录错")
    _db.session.commit()
    assert_exact()

    later = begin + timedelta(days=1)
    made_up = entries.enter_make_up(
        account=volunteer,
        activity=scene["activity"](scene["org"]["a"], starts_at=later, hours=3),
        begin=later,
        end=later + timedelta(hours=3),
        reason="扫码失败",
        evidence_note="负责人签字的签到表",
        by=admin,
    )
    _db.session.commit()
    review.approve_records([made_up], by=admin)
    _db.session.commit()
    assert_exact()


def test_a_correction_across_new_year_moves_the_kept_rows(scene):
    volunteer = scene["volunteer"]
    activity = scene["activity"](scene["org"]["a"], starts_at=local_time(2025, 12, 31, 22), hours=5)
    record = entries.import_session(
        account=volunteer,
        activity=activity,
        begin=local_time(2026, 1, 1, 0, 0),
        end=local_time(2026, 1, 1, 1, 0),
        import_key="ny",
        by=scene["admin"],
    )
    _db.session.commit()
    correction = corrections.request_correction(
        account=volunteer,
        record=record,
        message="其实 23:00 就到了",
        begin=local_time(2025, 12, 31, 23, 0),
        end=local_time(2026, 1, 1, 1, 0),
    )
    corrections.accept_correction(correction, by=scene["admin"])
    _db.session.commit()
    assert_exact()
    years = {row.year for row in _db.session.query(UnitYearBreakdown)}
    assert years == {2025}


def test_bulk_review_recounts_in_a_fixed_number_of_statements(scene):
    def approve(count: int, first_day: int) -> int:
        waiting = [
            session(scene, local_time(2026, 8, first_day + n, 8, 0), 10, key=f"k{first_day + n}")
            for n in range(count)
        ]
        review.approve_records(waiting, by=scene["admin"])
        with sent_statements(_db.engine) as statements:
            _db.session.commit()
        return sum("unit_year_breakdown" in s or "FOR UPDATE" in s for s in statements)

    assert approve(2, 1) == approve(6, 5)
    assert_exact()


def test_a_transfer_moves_the_persons_hours_to_the_new_unit(scene, db):
    volunteer, org = scene["volunteer"], scene["org"]
    session(scene, local_time(2026, 2, 3, 8, 0), 4, key="t")  # approved as imported
    assert kept_rows() == 5
    transfer_staff_member(
        person=volunteer.staff_member,
        to_unit=org["b1"],
        effective_on=date(2026, 3, 1),
        actor=scene["admin"],
    )
    _db.session.commit()
    assert_exact()
    assert {row.unit_id for row in _db.session.query(UnitYearBreakdown)} == {org["b1"].id}


def test_check_hours_totals_reports_a_kept_difference_and_fix_repairs_it(scene, runner):
    waiting = session(scene, local_time(2026, 4, 1, 8, 0), 10, key="x")
    review.approve_records([waiting], by=scene["admin"])
    _db.session.commit()
    _db.session.execute(
        _db.text("UPDATE unit_year_breakdown SET people = people + 1 WHERE dimension = 'team'")
    )
    _db.session.commit()
    report = runner.invoke(args=["check-hours-totals"])
    assert report.exit_code == 1 and "people" in report.output, report.output
    fixed = runner.invoke(args=["check-hours-totals", "--fix"])
    assert fixed.exit_code == 0, fixed.output
    assert runner.invoke(args=["check-hours-totals"]).exit_code == 0
    assert_exact()


# --- The breakdown read from kept rows gives what counting the records gave -------------------


def recounted_breakdown(unit, measure):
    """The breakdown counted from the records, as the page did before the kept rows."""
    from sqlalchemy import func, select
    from sqlalchemy.orm import aliased

    from volunteer.activities.models import Activity
    from volunteer.auth.models import Account
    from volunteer.progress.queries.headcount import counted_people
    from volunteer.records.models import RecordStatus, ServiceRecord
    from volunteer.units.models import Unit

    people = counted_people(measure)
    member = aliased(Unit)
    found = {}
    for dimension in (*DIMENSIONS, "party"):
        key = (
            people.c.party
            if dimension == "party"
            else getattr(Activity, "theme_id" if dimension == "theme" else f"{dimension}_id")
        )
        rows = _db.session.execute(
            select(
                key,
                func.sum(ServiceRecord.hours),
                func.count(func.distinct(ServiceRecord.account_id)),
                func.count(),
            )
            .join(Account, Account.id == ServiceRecord.account_id)
            .join(people, people.c.staff_id == Account.staff_member_id)
            .join(member, member.id == people.c.unit_id)
            .join(Activity, Activity.id == ServiceRecord.activity_id)
            .where(
                member.path.startswith(unit.path),
                ServiceRecord.status == RecordStatus.APPROVED,
                func.extract("year", ServiceRecord.service_date) == measure.year,
            )
            .group_by(key)
        )
        found[dimension] = {row[0]: (float(row[1]), row[2], row[3]) for row in rows}
    return found


def read_breakdown(unit, measure):
    result = unit_breakdown(unit, measure)
    found = {
        dimension: {row.key: (float(row.hours), row.people, row.records) for row in rows}
        for dimension, rows in result.rows.items()
    }
    found["party"] = {
        line.key: (float(line.hours), line.people, line.records)
        for line in (result.party, _others(result))
        if line.records
    }
    return found


def _others(result):
    from volunteer.progress.queries.breakdown import BreakdownRow

    return BreakdownRow(
        0,
        None,
        result.total.hours - result.party.hours,
        result.total.people - result.party.people,
        result.total.records - result.party.records,
    )


@pytest.mark.parametrize("year", [Y, Y - 1])
@pytest.mark.parametrize("unit", ["root", "a", "a1", "b", "b1"])
def test_the_kept_breakdown_equals_the_recount(people_world, org, unit, year):
    assert_exact()
    measure = measure_for(year)
    assert read_breakdown(org[unit], measure) == recounted_breakdown(org[unit], measure)


def test_the_commissions_breakdown_sends_a_fixed_number_of_statements(people_world, org):
    measure, root = measure_for(Y), org["root"]
    assert root.path  # loaded before counting
    with sent_statements(_db.engine) as statements:
        unit_breakdown(root, measure)
    # The kept rows, the people placed otherwise on D, their records, the names found.
    assert len(statements) <= 4
    assert not any("FROM service_record" in s and "elsewhere" not in s for s in statements)
