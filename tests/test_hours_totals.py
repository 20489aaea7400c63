"""The per-person yearly totals follow every record change exactly, even under concurrency."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

from conftest import local_time
from hours_totals_world import scene_fixture, session  # noqa: F401
from statements import sent_statements

from volunteer.auth.models import Account
from volunteer.extensions import db as _db
from volunteer.records.models import PersonYearHours, RecordSource, RecordStatus, ServiceRecord
from volunteer.records.queries.totals_check import check_totals
from volunteer.records.services import corrections, entries, review, sessions
from volunteer.records.totals import rebuild_totals

COLUMNS = ("approved_hours", "make_up_hours", "pending_hours")


def totals_of(account, year) -> dict | None:
    row = _db.session.get(PersonYearHours, (account.id, year))
    if row is None:
        return None
    _db.session.refresh(row)
    return {name: getattr(row, name) for name in COLUMNS}


def test_a_sign_in_writes_no_total_and_the_sign_out_credits_its_month(scene):
    begin = local_time(2026, 3, 5, 9, 0)
    activity = scene["activity"](scene["org"]["a"], starts_at=begin, hours=3)
    volunteer = scene["volunteer"]
    sessions.record_sign_in(
        account=volunteer, activity=activity, source=RecordSource.SELF_SCAN, at=begin
    )
    _db.session.commit()
    assert totals_of(volunteer, 2026) is None
    sessions.record_sign_out(account=volunteer, activity=activity, at=begin + timedelta(hours=2))
    _db.session.commit()
    assert totals_of(volunteer, 2026)["approved_hours"] == Decimal("2.0")
    assert _db.session.get(PersonYearHours, (volunteer.id, 2026)).m03 == Decimal("2.0")


def test_review_approval_rejection_and_void_move_hours_between_columns(scene):
    volunteer, admin = scene["volunteer"], scene["admin"]
    waiting = session(scene, local_time(2026, 4, 1, 8, 0), 10, key="a")
    assert waiting.status == RecordStatus.NEEDS_REVIEW
    assert totals_of(volunteer, 2026) == {
        "approved_hours": Decimal("0.0"),
        "make_up_hours": Decimal("0.0"),
        "pending_hours": Decimal("10.0"),
    }
    review.approve_records([waiting], by=admin)
    _db.session.commit()
    assert totals_of(volunteer, 2026)["approved_hours"] == Decimal("10.0")
    assert totals_of(volunteer, 2026)["pending_hours"] == Decimal("0.0")

    other = session(scene, local_time(2026, 4, 2, 8, 0), 10, key="b")
    review.reject_records([other], by=admin, reason="重复")
    review.void_record(waiting, by=admin, reason="录错")
    _db.session.commit()
    assert totals_of(volunteer, 2026) == dict.fromkeys(COLUMNS, Decimal("0.0"))


def test_an_approved_make_up_counts_in_both_totals(scene):
    begin = local_time(2026, 5, 4, 9, 0)
    record = entries.enter_make_up(
        account=scene["volunteer"],
        activity=scene["activity"](scene["org"]["a"], starts_at=begin, hours=3),
        begin=begin,
        end=begin + timedelta(hours=3),
        reason="扫码失败",
        evidence_note="负责人签字的签到表",
        by=scene["admin"],
    )
    _db.session.commit()
    assert totals_of(scene["volunteer"], 2026)["pending_hours"] == Decimal("3.0")
    review.approve_records([record], by=scene["admin"])
    _db.session.commit()
    totals = totals_of(scene["volunteer"], 2026)
    assert totals["approved_hours"] == totals["make_up_hours"] == Decimal("3.0")


def test_a_correction_across_new_year_moves_the_hours_to_the_other_year(scene):
    volunteer = scene["volunteer"]
    begin = local_time(2025, 12, 31, 22, 0)
    activity = scene["activity"](scene["org"]["a"], starts_at=begin, hours=5)
    record = entries.import_session(
        account=volunteer,
        activity=activity,
        begin=local_time(2026, 1, 1, 0, 0),
        end=local_time(2026, 1, 1, 1, 0),
        import_key="ny",
        by=scene["admin"],
    )
    _db.session.commit()
    assert totals_of(volunteer, 2026)["approved_hours"] == Decimal("1.0")
    correction = corrections.request_correction(
        account=volunteer,
        record=record,
        message="其实 23:00 就到了",
        begin=local_time(2025, 12, 31, 23, 0),
        end=local_time(2026, 1, 1, 1, 0),
    )
    corrections.accept_correction(correction, by=scene["admin"])
    _db.session.commit()
    assert totals_of(volunteer, 2026)["approved_hours"] == Decimal("0.0")
    assert totals_of(volunteer, 2025)["approved_hours"] == Decimal("2.0")
    assert check_totals() == []


def test_rebuilding_gives_the_totals_the_services_kept(scene):
    for day in range(1, 6):
        session(scene, local_time(2026, 6, day, 9, 0), 3, key=f"d{day}")
    kept = totals_of(scene["volunteer"], 2026)
    assert check_totals() == []
    assert rebuild_totals() == 1
    _db.session.commit()
    assert (
        totals_of(scene["volunteer"], 2026)
        == kept
        == {
            "approved_hours": Decimal("15.0"),
            "make_up_hours": Decimal("0.0"),
            "pending_hours": Decimal("0.0"),
        }
    )


def test_simultaneous_approvals_of_one_person_keep_the_total_exact(app, scene):
    """Two managers approve two of the person's waiting days at the same moment; each
    transaction recomputes the year, and the row lock makes the later one see the first."""
    waiting = [
        session(scene, local_time(2026, 7, day, 8, 0), 10, key=f"w{day}").id for day in (1, 2, 3)
    ]
    admin_id = scene["admin"].id
    barrier = threading.Barrier(len(waiting))
    errors: list = []

    def approve(record_id: int) -> None:
        with app.app_context():
            try:
                record = _db.session.get(ServiceRecord, record_id)
                admin = _db.session.get(Account, admin_id)
                _db.session.commit()
                barrier.wait(timeout=30)
                review.approve_records([record], by=admin)
                _db.session.commit()
            except Exception as error:  # the assertion below shows it
                _db.session.rollback()
                errors.append(error)
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=approve, args=(rid,)) for rid in waiting]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    _db.session.expire_all()
    assert totals_of(scene["volunteer"], 2026)["approved_hours"] == Decimal("30.0")
    assert totals_of(scene["volunteer"], 2026)["pending_hours"] == Decimal("0.0")
    assert check_totals() == []


def test_a_bulk_approval_recounts_the_persons_year_once_at_commit(scene):
    days = (1, 2, 3)
    waiting = [session(scene, local_time(2026, 8, day, 8, 0), 10, key=f"b{day}") for day in days]
    review.approve_records(waiting, by=scene["admin"])
    # Noted, not yet recounted: nothing has committed.
    assert totals_of(scene["volunteer"], 2026)["pending_hours"] == Decimal("30.0")
    with sent_statements(_db.engine) as statements:
        _db.session.commit()
    recounts = [s for s in statements if s.lstrip().upper().startswith("UPDATE PERSON_YEAR_HOURS")]
    assert len(recounts) == 1
    assert totals_of(scene["volunteer"], 2026)["approved_hours"] == Decimal("30.0")
