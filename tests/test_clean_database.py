"""Between tests on PostgreSQL, every row goes, append-only tables included, and ids start at 1;
rows copied out come back whole, with the ids going on after them."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from clean_database import empty_database
from conftest import ON_POSTGRES
from statements import table_counts
from table_copies import copy_in, copy_out

from volunteer.activities.models import DEFAULT_CATEGORIES, Category
from volunteer.auth.models import Role
from volunteer.records.models import RecordSource, ServiceRecord
from volunteer.records.services import sessions

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(not ON_POSTGRES, reason="the SQLite runs copy a fresh file instead"),
]


def test_emptying_leaves_only_the_seeded_categories_and_restarts_the_ids(
    db, org, make_unit, make_volunteer, make_activity, make_account
):
    volunteer = make_volunteer(org["a1"], "李四")
    make_account("admin", Role.ADMIN, org["root"])
    sessions.record_sign_in(
        account=volunteer, activity=make_activity(org["a"]), source=RecordSource.SELF_SCAN
    )
    db.session.commit()
    # A service record and audit entries, whose triggers refuse DELETE, among the rows.
    assert {"service_record", "audit_entry", "unit", "account"} <= holding_rows(db).keys()
    empty_database(db)

    assert_seeded_categories_from_one(db)
    assert make_unit("NEW", "新单位").id == 1


def test_rows_copied_out_come_back_whole_and_new_ids_follow_them(
    db, org, make_unit, make_volunteer, make_activity
):
    volunteer = make_volunteer(org["a1"], "李四")
    sessions.record_sign_in(
        account=volunteer, activity=make_activity(org["a"]), source=RecordSource.SELF_SCAN
    )
    db.session.add(Category(name="院内自定义"))  # a category beyond the seeded ones
    db.session.commit()
    before = holding_rows(db)
    signed_in_at = db.session.scalar(sa.select(ServiceRecord.signed_in_at))
    last_unit = max(unit.id for unit in org.values())
    rows = copy_out()
    empty_database(db)

    copy_in(rows)
    db.session.commit()

    assert holding_rows(db) == before
    assert db.session.scalar(sa.select(ServiceRecord.signed_in_at)) == signed_in_at
    assert make_unit("NEW", "新单位", parent=org["root"]).id == last_unit + 1

    # The sequences the copy moved start again for the next test, the categories' included.
    db.session.commit()
    empty_database(db)
    assert_seeded_categories_from_one(db)
    assert make_unit("NEXT", "下一个单位").id == 1


def assert_seeded_categories_from_one(db) -> None:
    """Only the seeded categories are left, with ids 1, 2, …"""
    assert holding_rows(db) == {"category": len(DEFAULT_CATEGORIES)}
    assert db.session.scalars(sa.select(Category.id).order_by(Category.id)).all() == list(
        range(1, len(DEFAULT_CATEGORIES) + 1)
    )


def holding_rows(db) -> dict[str, int]:
    """The tables that hold rows, with their counts."""
    return {name: count for name, count in table_counts(db).items() if count}
