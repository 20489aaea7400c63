"""Service records (one session or make-up entry each), their attachments and corrections."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    Numeric,
    String,
    Text,
    false,
    text,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from volunteer.activities.models import Activity
from volunteer.auth.models import Account
from volunteer.clock import UTCDateTime, utc_now
from volunteer.core.columns import stored_as_value
from volunteer.extensions import Model
from volunteer.records.rules import ReviewLevel, ReviewReason
from volunteer.texts import N_


class RecordStatus(StrEnum):
    """Only approved hours count; a wrong record is voided, never deleted."""

    OPEN = "open"  # signed in, not yet out
    NEEDS_REVIEW = "needs_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    VOID = "void"

    @property
    def label(self) -> str:
        """Name the status (a msgid: translate where shown)."""
        return RECORD_STATUS_LABELS[self]

    @property
    def tone(self) -> str:
        """Say how a badge shows it: counted (ok), still moving (warn), or out (muted)."""
        if self is RecordStatus.APPROVED:
            return "ok"
        return "warn" if self in (RecordStatus.NEEDS_REVIEW, RecordStatus.OPEN) else "muted"


RECORD_STATUS_LABELS = {
    RecordStatus.OPEN: N_("进行中"),
    RecordStatus.NEEDS_REVIEW: N_("待审核"),
    RecordStatus.APPROVED: N_("已通过"),
    RecordStatus.REJECTED: N_("未通过"),
    RecordStatus.VOID: N_("已作废"),
}


class RecordSource(StrEnum):
    """How the record was made (docs/rules.md §2): reports and reviewers can tell them apart."""

    SELF_SCAN = "self_scan"  # the volunteer scanned the activity's rotating code
    STATIC_CODE = "static_code"  # … or its printed poster code, which a photo can pass around
    COORDINATOR_SCAN = "coordinator_scan"  # the coordinator scanned the volunteer's code
    COORDINATOR_ENTRY = "coordinator_entry"  # the coordinator found the volunteer by name
    MAKE_UP = "make_up"  # 补录, with reason and evidence
    IMPORT = "import"  # paper sheets and other systems' exports

    @property
    def label(self) -> str:
        """Name the source (a msgid: translate where shown)."""
        return RECORD_SOURCE_LABELS[self]


RECORD_SOURCE_LABELS = {
    RecordSource.SELF_SCAN: N_("扫码签到"),
    RecordSource.STATIC_CODE: N_("海报码签到"),
    RecordSource.COORDINATOR_SCAN: N_("负责人扫码"),
    RecordSource.COORDINATOR_ENTRY: N_("负责人代签"),
    RecordSource.MAKE_UP: N_("补录"),
    RecordSource.IMPORT: N_("导入"),
}


class CorrectionStatus(StrEnum):
    """A volunteer's correction request waits until a manager accepts or rejects it."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        """Name the status (a msgid: translate where shown)."""
        return CORRECTION_STATUS_LABELS[self]

    @property
    def tone(self) -> str:
        """Say how a badge shows it: taken (ok), waiting (warn), or turned down (muted)."""
        return {CorrectionStatus.ACCEPTED: "ok", CorrectionStatus.PENDING: "warn"}.get(
            self, "muted"
        )


CORRECTION_STATUS_LABELS = {
    CorrectionStatus.PENDING: N_("待处理"),
    CorrectionStatus.ACCEPTED: N_("已采纳"),
    CorrectionStatus.REJECTED: N_("已驳回"),
}


class ServiceRecord(Model):
    """服务记录: one person's session at one activity, or a make-up entry, with its hours."""

    __tablename__ = "service_record"
    __table_args__ = (
        # Exactly once: a person has at most one open session, whatever process receives the
        # scan. Two simultaneous sign-ins collide here, not in a check that both pass.
        Index(
            "uq_service_record_open",
            "account_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
        Index("ix_service_record_account_date", "account_id", "service_date"),
        CheckConstraint("hours >= 0", name="hours_not_negative"),
        CheckConstraint("credited_minutes >= 0", name="minutes_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), index=True)
    source: Mapped[RecordSource] = mapped_column(stored_as_value(RecordSource, 20))
    status: Mapped[RecordStatus] = mapped_column(
        stored_as_value(RecordStatus, 16), default=RecordStatus.OPEN, index=True
    )
    signed_in_at: Mapped[datetime] = mapped_column(UTCDateTime())
    signed_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The local calendar day of the sign-in: the daily cap's day and the record's year.
    service_date: Mapped[date] = mapped_column(index=True)
    credited_minutes: Mapped[int] = mapped_column(default=0)
    hours: Mapped[Decimal] = mapped_column(Numeric(5, 1), default=Decimal("0"))
    review_level: Mapped[ReviewLevel | None] = mapped_column(stored_as_value(ReviewLevel, 16))
    review_reason: Mapped[ReviewReason | None] = mapped_column(stored_as_value(ReviewReason, 24))
    # Make-up reason and evidence note, or the reason given when a forgotten sign-out was fixed.
    note: Mapped[str | None] = mapped_column(Text)
    # Why it was rejected or voided.
    status_reason: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    signed_out_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    device: Mapped[str | None] = mapped_column(String(200))
    # Opened or closed by a scan the coordinator's device kept while the network was down.
    made_offline: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Imports name each row by a hash of what it says, so the same file twice adds nothing.
    import_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, onupdate=utc_now)

    account: Mapped[Account] = relationship(foreign_keys=[account_id])
    activity: Mapped[Activity] = relationship()
    recorded_by: Mapped[Account | None] = relationship(foreign_keys=[recorded_by_id])
    attachments: Mapped[list[RecordAttachment]] = relationship(back_populates="record")
    corrections: Mapped[list[Correction]] = relationship(back_populates="record")

    @property
    def is_make_up(self) -> bool:
        return self.source == RecordSource.MAKE_UP

    @property
    def is_void(self) -> bool:
        return self.status == RecordStatus.VOID

    @property
    def waits_for_review(self) -> bool:
        return self.status == RecordStatus.NEEDS_REVIEW

    @property
    def is_refused(self) -> bool:
        """Rejected or voided: it does not count, and `status_reason` says why."""
        return self.status in (RecordStatus.REJECTED, RecordStatus.VOID)

    @property
    def is_forgotten_sign_out(self) -> bool:
        """Say whether the record waits for someone to set its sign-out time."""
        return (
            self.review_reason == ReviewReason.FORGOTTEN_SIGN_OUT
            and self.status == RecordStatus.NEEDS_REVIEW
        )

    @property
    def has_pending_correction(self) -> bool:
        return any(correction.is_pending for correction in self.corrections)

    @property
    def can_request_correction(self) -> bool:
        """A record takes one correction request at a time, and none once voided."""
        return not self.is_void and not self.has_pending_correction


class RecordAttachment(Model):
    """Evidence for a make-up entry or a correction: a photo of the sign-in sheet, a notice."""

    __tablename__ = "record_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int | None] = mapped_column(ForeignKey("service_record.id"), index=True)
    correction_id: Mapped[int | None] = mapped_column(ForeignKey("correction.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    mimetype: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)

    record: Mapped[ServiceRecord | None] = relationship(back_populates="attachments")


class Correction(Model):
    """更正申请: a volunteer reports an error in a record, or an omission (no record yet)."""

    __tablename__ = "correction"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    record_id: Mapped[int | None] = mapped_column(ForeignKey("service_record.id"), index=True)
    # For an omission: the activity the volunteer says they served at.
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id"))
    proposed_signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    proposed_signed_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[CorrectionStatus] = mapped_column(
        stored_as_value(CorrectionStatus, 16), default=CorrectionStatus.PENDING, index=True
    )
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolution_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)

    account: Mapped[Account] = relationship(foreign_keys=[account_id])
    record: Mapped[ServiceRecord | None] = relationship(back_populates="corrections")
    activity: Mapped[Activity | None] = relationship()

    @property
    def is_pending(self) -> bool:
        return self.status == CorrectionStatus.PENDING

    @property
    def is_rejected(self) -> bool:
        return self.status == CorrectionStatus.REJECTED


class PersonYearHours(Model):
    """One account's hours in one year, kept exact by records.totals after every record change.

    Progress pages at city scale read these 30,000 rows instead of summing a million records;
    `flask check-hours-totals` recomputes them from the records and reports any difference.
    """

    __tablename__ = "person_year_hours"
    # Clustered on (account_id, year) in SQLite too: one B-tree probe per person, not two.
    __table_args__ = {"sqlite_with_rowid": False}

    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    approved_hours: Mapped[Decimal] = mapped_column(Numeric(7, 1), default=Decimal("0"))
    # Approved make-up hours: in approved_hours and also reported on their own (docs/rules.md §3.6).
    make_up_hours: Mapped[Decimal] = mapped_column(Numeric(7, 1), default=Decimal("0"))
    # Hours waiting for review: not counted, shown so a manager knows what is in the queue.
    pending_hours: Mapped[Decimal] = mapped_column(Numeric(7, 1), default=Decimal("0"))
    # Approved hours per month of service, for the monthly chart against the pace line.
    m01: Mapped[Decimal] = mapped_column(Numeric(6, 1), default=Decimal("0"))
    m02: Mapped[Decimal] = mapped_column(Numeric(6, 1), default=Decimal("0"))
    m03: Mapped[Decimal] = mapped_column(Numeric(6, 1), default=Decimal("0"))
    m04: Mapped[Decimal] = mapped_column(Numeric(6, 1), default=Decimal("0"))
    m05: Mapped[Decimal] = mapped_column(Numeric(6, 1), default=Decimal("0"))
    m06: Mapped[Decimal] = mapped_column(Numeric(6, 1), default=Decimal("0"))
    m07: Mapped[Decimal] = mapped_column(Numeric(6, 1), default=Decimal("0"))
    m08: Mapped[Decimal] = mapped_column(Numeric(6, 1), default=Decimal("0"))
    m09: Mapped[Decimal] = mapped_column(Numeric(6, 1), default=Decimal("0"))
    m10: Mapped[Decimal] = mapped_column(Numeric(6, 1), default=Decimal("0"))
    m11: Mapped[Decimal] = mapped_column(Numeric(6, 1), default=Decimal("0"))
    m12: Mapped[Decimal] = mapped_column(Numeric(6, 1), default=Decimal("0"))

    MONTH_COLUMNS = tuple(f"m{month:02d}" for month in range(1, 13))
    TOTAL_COLUMNS = ("approved_hours", "make_up_hours", "pending_hours", *MONTH_COLUMNS)
