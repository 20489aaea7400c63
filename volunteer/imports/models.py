"""Uploaded import files, read once and kept as rows, so the preview and the commit see the same."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from volunteer.clock import UTCDateTime, utc_now
from volunteer.core.columns import stored_as_value
from volunteer.extensions import Model
from volunteer.texts import N_


class ImportKind(StrEnum):
    """What an uploaded file holds; each kind has its own columns and its own key."""

    STAFF = "staff"
    UNITS = "units"

    @property
    def label(self) -> str:
        """Name what the file holds (a msgid: translate where shown)."""
        return _LABELS[self][0]

    @property
    def key_label(self) -> str:
        """Name the column that identifies a row: 工号 or 编码 (a msgid)."""
        return _LABELS[self][1]

    @property
    def name_label(self) -> str:
        """Name the column that names a row: 姓名 or 名称 (a msgid)."""
        return _LABELS[self][2]


_LABELS = {
    ImportKind.STAFF: (N_("职工名册"), N_("工号"), N_("姓名")),
    ImportKind.UNITS: (N_("单位"), N_("编码"), N_("名称")),
}


class ImportBatch(Model):
    """One uploaded file: previewed, then applied once (or abandoned)."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Random, so one manager cannot guess and apply another's upload.
    token: Mapped[str] = mapped_column(String(43), unique=True)
    kind: Mapped[ImportKind] = mapped_column(stored_as_value(ImportKind, 32))
    filename: Mapped[str] = mapped_column(String(255))
    # The rows read from the file (imports/stored_rows.py), never the file; emptied once applied.
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    scope_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    summary: Mapped[dict | None] = mapped_column(JSON)
