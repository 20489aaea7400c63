"""The audit log is append-only in the database itself."""

import pytest
import sqlalchemy as sa

from volunteer.audit.models import AuditEntry
from volunteer.audit.services import record_change


def test_changes_are_recorded_with_before_after_and_reason(db, org):
    entries = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "unit.create"))
    assert {entry.after["code"] for entry in entries} == {"WJW", "H-A", "H-B", "H-A-01", "H-B-01"}


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_entry SET reason = 'rewritten'", "DELETE FROM audit_entry"],
)
def test_audit_rows_cannot_be_updated_or_deleted(db, statement):
    record_change(
        action="test.event", subject_type="test", subject_id=1, reason="kept", actor_id=None
    )
    db.session.commit()
    with pytest.raises(sa.exc.DatabaseError, match="append-only"):
        db.session.execute(sa.text(statement))
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(db.select(AuditEntry.reason)) == "kept"
