"""Per-year issuing settings and the certificates issued, each with its frozen figures."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from volunteer.auth.models import Account
from volunteer.clock import UTCDateTime, utc_now
from volunteer.core.columns import stored_as_value
from volunteer.extensions import Model
from volunteer.texts import N_
from volunteer.units.models import Unit


class CertificateKind(StrEnum):
    """年度志愿服务时长证明 for one year, or 志愿服务记录证明 over every year served."""

    ANNUAL = "annual"
    RECORD = "record"

    @property
    def label(self) -> str:
        """Name the kind (a msgid: translate where shown)."""
        return CERTIFICATE_KIND_LABELS[self]


CERTIFICATE_KIND_LABELS = {
    CertificateKind.ANNUAL: N_("年度志愿服务时长证明"),
    CertificateKind.RECORD: N_("志愿服务记录证明"),
}


class CertificateStatus(StrEnum):
    """A certificate stays valid until a re-issue with other figures supersedes it, or a revoke."""

    VALID = "valid"
    SUPERSEDED = "superseded"
    REVOKED = "revoked"

    @property
    def label(self) -> str:
        """Name the status (a msgid: translate where shown)."""
        return CERTIFICATE_STATUS_LABELS[self]

    @property
    def tone(self) -> str:
        """Say how a badge shows it: valid (ok), superseded (muted), revoked (warn)."""
        return {CertificateStatus.VALID: "ok", CertificateStatus.SUPERSEDED: "muted"}.get(
            self, "warn"
        )


CERTIFICATE_STATUS_LABELS = {
    CertificateStatus.VALID: N_("有效"),
    CertificateStatus.SUPERSEDED: N_("已被新证明替代"),
    CertificateStatus.REVOKED: N_("已撤销"),
}


class IssuingSettings(Model):
    """Who may have a year's certificate and who issues it, set by an administrator."""

    __tablename__ = "certificate_settings"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    # None: any approved hours make a person eligible.
    min_hours: Mapped[Decimal | None] = mapped_column(Numeric(7, 1))
    issuing_body: Mapped[str] = mapped_column(String(100))
    head: Mapped[str] = mapped_column(String(50), default="")
    clerk: Mapped[str] = mapped_column(String(50), default="")
    contact: Mapped[str] = mapped_column(String(100), default="")
    # Always PNG: an uploaded JPEG is converted on upload (services/settings.py).
    seal_png: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    seal_size: Mapped[int | None]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, onupdate=utc_now)


class Certificate(Model):
    """One issued certificate: what it said is frozen in `content`, its PDF's hash beside it."""

    __tablename__ = "certificate"
    __table_args__ = (
        UniqueConstraint("organisation_code", "serial_year", "sequence"),
        Index("ix_certificate_account_kind", "account_id", "kind", "year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[CertificateKind] = mapped_column(stored_as_value(CertificateKind, 16))
    serial: Mapped[str] = mapped_column(String(64), unique=True)
    organisation_code: Mapped[str] = mapped_column(String(32))
    serial_year: Mapped[int]
    sequence: Mapped[int]
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    staff_member_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"))
    # The person's unit when issued: whose managers may print and see it.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    # The certified year; for a record certificate, the last year it covers.
    year: Mapped[int | None]
    hours: Mapped[Decimal] = mapped_column(Numeric(8, 1))
    activity_count: Mapped[int]
    detailed: Mapped[bool] = mapped_column(default=False)
    # Issued before the year ended: it certifies the hours up to the issue date only.
    partial: Mapped[bool] = mapped_column(default=False)
    content: Mapped[dict] = mapped_column(JSON)
    verify_code: Mapped[str] = mapped_column(String(32), unique=True)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    signed: Mapped[bool] = mapped_column(default=False)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    status: Mapped[CertificateStatus] = mapped_column(
        stored_as_value(CertificateStatus, 16), default=CertificateStatus.VALID, index=True
    )
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    revoke_reason: Mapped[str | None] = mapped_column(Text)

    account: Mapped[Account] = relationship(foreign_keys=[account_id])
    unit: Mapped[Unit | None] = relationship()

    @property
    def is_valid(self) -> bool:
        return self.status == CertificateStatus.VALID

    @property
    def figures(self) -> dict:
        """Return what a re-issue compares: the figures, not the wording or the issue date."""
        keys = ("hours", "activities", "categories", "years", "stars")
        return {key: self.content.get(key) for key in keys}
