"""The append-only audit log: who changed what, when, before, after and why."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, JSON, ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from volunteer.auth.models import Account
from volunteer.clock import UTCDateTime, utc_now
from volunteer.extensions import Model


class AuditEntry(Model):
    """One change; rows are only ever inserted (database triggers refuse UPDATE and DELETE)."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int | None]
    # The unit the change concerns, so a manager's audit view stays inside their subtree.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
    remote_addr: Mapped[str | None] = mapped_column(String(64))

    actor: Mapped[Account | None] = relationship()


# The same statements run in the migration; these cover databases made by create_all().
APPEND_ONLY_DDL = {
    "sqlite": [
        "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
        "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END",
        "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
        "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'audit_entry is append-only'; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_entry "
        "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()",
    ],
}

for _dialect, _statements in APPEND_ONLY_DDL.items():
    for _statement in _statements:
        event.listen(
            AuditEntry.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect)
        )
