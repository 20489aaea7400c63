"""Bulk review in one pass (issue 12 part 4): approving or rejecting a selection sends the same
number of statements for 5 records as for 50, keeps the day's 12 h line inside the batch, and
leaves the kept yearly totals equal to a recount."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from conftest import local_time
from sqlalchemy import func, select
from statements import sent_statements

from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Role
from volunteer.records.models import (
    RecordSource,
    RecordStatus,
    ReviewLevel,
    ReviewReason,
    ServiceRecord,
)
from volunteer.records.queries.totals_check import check_totals
from volunteer.records.services import review
from volunteer.records.totals import rebuild_totals

# What a selection of any size costs: the request's own reads, one pass of writes, and the
# kept breakdown's recount of the units touched (progress/breakdown_totals.py).
BULK_REVIEW_STATEMENTS = 18


@pytest.fixture
def ward(db, org, make_volunteer, make_account, make_activity):
    """Ten volunteers of one department, one activity a day, a manager and an admin above."""
    return {
        "volunteers": [make_volunteer(org["a1"], f"志愿者{n:02d}") for n in range(10)],
        "activity": make_activity(org["a"], "导诊服务", starts_at=local_time(2026, 6, 1, 8, 0)),
        "manager": make_account("mgr", Role.MANAGER, org["a"]),
        "admin": make_account("adm", Role.ADMIN, org["root"]),
    }


def waiting_records(db, ward, count: int, *, first_day: int = 1, hours: int = 2) -> list[int]:
    """Write `count` make-ups waiting for a manager, spread over the volunteers and days."""
    records = []
    volunteers = ward["volunteers"]
    for n in range(count):
        begin = local_time(2026, 6, 1, 8, 0) + timedelta(days=first_day + n // len(volunteers))
        records.append(
            ServiceRecord(
                account_id=volunteers[n % len(volunteers)].id,
                activity_id=ward["activity"].id,
                source=RecordSource.MAKE_UP,
                status=RecordStatus.NEEDS_REVIEW,
                signed_in_at=begin,
                signed_out_at=begin + timedelta(hours=hours),
                service_date=begin.date(),
                credited_minutes=hours * 60,
                hours=Decimal(hours),
                review_level=ReviewLevel.MANAGER,
                review_reason=ReviewReason.MAKE_UP,
            )
        )
    db.session.add_all(records)
    db.session.flush()
    rebuild_totals()
    db.session.commit()
    return [record.id for record in records]


def statements_of(client, db, path: str, ids: list[int], **data) -> list[str]:
    with sent_statements(db.engine) as statements:
        response = client.post(path, data={"record_ids": ids, **data})
    assert response.status_code == 302
    return statements


def statuses(db, ids: list[int]) -> set[RecordStatus]:
    db.session.expire_all()
    return set(db.session.scalars(select(ServiceRecord.status).where(ServiceRecord.id.in_(ids))))


def test_approving_5_or_50_records_sends_the_same_statements(client, login_as, db, ward):
    five, fifty = waiting_records(db, ward, 5), waiting_records(db, ward, 50, first_day=10)
    login_as(ward["manager"])

    for_five = statements_of(client, db, "/records/review/approve", five)
    for_fifty = statements_of(client, db, "/records/review/approve", fifty)

    assert len(for_five) == len(for_fifty) <= BULK_REVIEW_STATEMENTS
    assert statuses(db, five + fifty) == {RecordStatus.APPROVED}
    audited = db.session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "record.approve")
    )
    assert audited == 55
    assert check_totals() == []


def test_rejecting_5_or_50_records_sends_the_same_statements(client, login_as, db, ward):
    five, fifty = waiting_records(db, ward, 5), waiting_records(db, ward, 50, first_day=10)
    login_as(ward["manager"])

    reason = {"reason": "无证明材料"}
    for_five = statements_of(client, db, "/records/review/reject", five, **reason)
    for_fifty = statements_of(client, db, "/records/review/reject", fifty, **reason)

    assert len(for_five) == len(for_fifty)
    assert statuses(db, five + fifty) == {RecordStatus.REJECTED}
    assert check_totals() == []


def test_the_12_hour_line_holds_inside_one_batch(db, ward):
    """Three 5 h make-ups of one person's day: a manager may not approve them together."""
    person = ward["volunteers"][0]
    ids = waiting_records(db, {**ward, "volunteers": [person]}, 1, hours=5)
    ids += waiting_records(db, {**ward, "volunteers": [person]}, 1, hours=5)
    ids += waiting_records(db, {**ward, "volunteers": [person]}, 1, hours=5)
    records = [db.session.get(ServiceRecord, record_id) for record_id in ids]

    with pytest.raises(review.RecordRefused) as refused:
        review.approve_records(records, by=ward["manager"])
    db.session.rollback()

    assert refused.value.record.id == ids[2]
    assert "需要管理员审核" in refused.value.message
    review.approve_records(records, by=ward["admin"])
    db.session.commit()
    assert statuses(db, ids) == {RecordStatus.APPROVED}
    assert check_totals() == []


def test_500_records_are_approved_in_the_same_statements_as_5(client, login_as, db, ward):
    """500 records in one pass: the timing is bench/review.py's, the count is pinned here."""
    ids = waiting_records(db, ward, 500)
    login_as(ward["manager"])

    statements = statements_of(client, db, "/records/review/approve", ids)

    assert statuses(db, ids) == {RecordStatus.APPROVED}
    assert len(statements) <= BULK_REVIEW_STATEMENTS, statements
