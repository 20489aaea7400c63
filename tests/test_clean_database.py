"""Between tests on PostgreSQL, every row goes, append-only tables included, and ids start at 1."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from clean_database import empty_tables
from conftest import ON_POSTGRES
from statements import table_counts

from volunteer.activities.models import DEFAULT_CATEGORIES, Category
from volunteer.auth.models import Role
from volunteer.records.models import RecordSource
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
    db.session.remove()

    with db.engine.begin() as conn:
        empty_tables(conn, db.metadata)

    assert holding_rows(db) == {"category": len(DEFAULT_CATEGORIES)}
    assert db.session.scalars(sa.select(Category.id).order_by(Category.id)).all() == list(
        range(1, len(DEFAULT_CATEGORIES) + 1)
    )
    assert make_unit("NEW", "新单位").id == 1


def holding_rows(db) -> dict[str, int]:
    """The tables that hold rows, with their counts."""
    return {name: count for name, count in table_counts(db).items() if count}
