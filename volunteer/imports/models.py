"""Uploaded import files, kept so the preview and the commit read the very same bytes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from volunteer.clock import UTCDateTime, utc_now
from volunteer.extensions import db


class ImportBatch(db.Model):
    """One uploaded file: previewed, then applied once (or abandoned)."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Random, so one manager cannot guess and apply another's upload.
    token: Mapped[str] = mapped_column(String(43), unique=True)
    kind: Mapped[str] = mapped_column(String(32))  # units, staff, registrations
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    scope_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    summary: Mapped[dict | None] = mapped_column(JSON)
