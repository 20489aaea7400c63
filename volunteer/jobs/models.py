"""A background job: what was asked, by whom, for which unit, how far it is, and its file."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from volunteer.clock import UTCDateTime, utc_now
from volunteer.core.columns import stored_as_value
from volunteer.extensions import Model
from volunteer.texts import N_


class JobStatus(StrEnum):
    """Where a job is: waiting for a worker, running, finished, or stopped by an error."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def label(self) -> str:
        """Name the status (a msgid: translate where shown)."""
        return _STATUS_LABELS[self]

    @property
    def finished(self) -> bool:
        """Say whether the job will change no more."""
        return self in (JobStatus.DONE, JobStatus.FAILED)


_STATUS_LABELS = {
    JobStatus.QUEUED: N_("排队中"),
    JobStatus.RUNNING: N_("进行中"),
    JobStatus.DONE: N_("已完成"),
    JobStatus.FAILED: N_("失败"),
}


class Job(Model):
    """One piece of work handed to the worker; its file is offered only once it is whole."""

    __tablename__ = "job"
    __table_args__ = (Index("ix_job_owner_id_created_at", "owner_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    # None: the worker's own periodic work (the nightly check), seen by administrators.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    status: Mapped[JobStatus] = mapped_column(
        stored_as_value(JobStatus, 16), default=JobStatus.QUEUED, index=True
    )
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int | None] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str | None] = mapped_column(Text)
    # The finished file: offered only while its size and SHA-256 still match these.
    filename: Mapped[str | None] = mapped_column(String(255))
    file_path: Mapped[str | None] = mapped_column(String(500))
    file_size: Mapped[int | None] = mapped_column(BigInteger)
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def percent(self) -> int | None:
        """Return how far the job is, 0–100, when its size is known."""
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)

    @property
    def has_file(self) -> bool:
        """Say whether the job finished with a file (checked against the disk when sent)."""
        return self.status == JobStatus.DONE and self.file_path is not None
