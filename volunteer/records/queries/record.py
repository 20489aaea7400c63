"""Reads of one record's page: its audit history, its corrections, its evidence files."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from volunteer.audit.models import AuditEntry
from volunteer.extensions import db
from volunteer.records.models import Correction, RecordAttachment


def record_history(record_id: int) -> list[AuditEntry]:
    """Return the audit entries of a record, oldest first, with their actors."""
    return list(
        db.session.scalars(
            select(AuditEntry)
            .options(selectinload(AuditEntry.actor))
            .where(AuditEntry.subject_type == "service_record", AuditEntry.subject_id == record_id)
            .order_by(AuditEntry.at, AuditEntry.id)
        )
    )


def record_corrections(record_id: int) -> list[Correction]:
    """Return the corrections filed against a record."""
    return list(
        db.session.scalars(
            select(Correction)
            .where(Correction.record_id == record_id)
            .order_by(Correction.created_at, Correction.id)
        )
    )


def attachment_of(record_id: int, attachment_id: int) -> RecordAttachment | None:
    """Return the record's attachment with its content, or None if it belongs elsewhere."""
    return db.session.scalar(
        select(RecordAttachment)
        .options(selectinload(RecordAttachment.record))
        .where(RecordAttachment.id == attachment_id, RecordAttachment.record_id == record_id)
    )
