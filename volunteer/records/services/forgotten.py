"""Forgotten sign-outs: a session nobody closed goes to review with 0 h, until someone sets the
real sign-out time."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import cast

from flask_babel import gettext as _
from sqlalchemy import CursorResult, update

from volunteer.auth.models import Account
from volunteer.clock import utc_now
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.records import rules
from volunteer.records.models import RecordStatus, ReviewLevel, ReviewReason, ServiceRecord
from volunteer.records.queries import sessions
from volunteer.records.services.auditing import audit_record, record_state
from volunteer.records.services.checks import review_at_close, rule_refusal
from volunteer.records.settings import hour_rules


def mark_forgotten(record: ServiceRecord, *, by: Account | None) -> None:
    """Move an open session to review with 0 h; `by` is whose scan found it (None: the sweep)."""
    before = record_state(record)
    # Compare and set, as at sign-out: of two simultaneous scans only one moves (and audits) it.
    statement = (
        update(ServiceRecord)
        .where(ServiceRecord.id == record.id, ServiceRecord.status == RecordStatus.OPEN)
        .values(
            status=RecordStatus.NEEDS_REVIEW,
            review_level=ReviewLevel.MANAGER,
            review_reason=ReviewReason.FORGOTTEN_SIGN_OUT,
            credited_minutes=0,
            hours=Decimal("0"),
            updated_at=utc_now(),
        )
        .execution_options(synchronize_session=False)
    )
    # An UPDATE answers a CursorResult (with rowcount); Session.execute is typed as any Result.
    marked = cast(CursorResult, db.session.execute(statement))
    db.session.refresh(record)
    if marked.rowcount:
        audit_record("record.forgotten_sign_out", record, before=before, by=by)


def is_forgotten_sign_out(record: ServiceRecord) -> bool:
    """Say whether the record waits for someone to set its sign-out time."""
    return record.is_forgotten_sign_out


def close_forgotten_sign_out_of(
    account: Account, now: datetime, *, by: Account | None = None
) -> None:
    """Move the person's open session to review if its sign-out window has closed."""
    record = sessions.open_session_of(account.id)
    if record is not None and rules.is_forgotten(now, record.activity.ends_at, hour_rules()):
        mark_forgotten(record, by=by)


def close_forgotten_sign_outs(now: datetime | None = None, *, by: Account | None = None) -> int:
    """Move every open session whose sign-out window has closed to review with 0 h."""
    now = now or utc_now()
    closes_before = now - hour_rules().sign_out_closes_after
    count = 0
    for record in db.session.scalars(sessions.forgotten_sessions(closes_before)):
        mark_forgotten(record, by=by)
        count += 1
    return count


def resolve_forgotten_sign_out(
    record: ServiceRecord, *, signed_out_at: datetime, reason: str, by: Account
) -> ServiceRecord:
    """Set the real sign-out time of a forgotten session; time after the end is clipped."""
    if record.review_reason != ReviewReason.FORGOTTEN_SIGN_OUT or record.status not in (
        RecordStatus.NEEDS_REVIEW,
        RecordStatus.OPEN,
    ):
        raise DomainError(_("这条记录不是待补签退的记录。"))
    if not (reason or "").strip():
        raise DomainError(_("请填写补签退的原因。"))
    try:
        rules.check_forgotten_sign_out_time(record.signed_in_at, signed_out_at)
    except rules.RuleBroken as error:
        raise rule_refusal(error) from error
    before = record_state(record)
    _close_by_hand(record, signed_out_at, by)
    record.note = reason.strip()
    db.session.flush()
    audit_record("record.resolve_sign_out", record, before=before, reason=reason.strip(), by=by)
    return record


def _close_by_hand(record: ServiceRecord, signed_out_at: datetime, by: Account) -> None:
    """Credit a session closed by a coordinator: the daily cap decides whether it waits."""
    activity = record.activity
    config_rules = hour_rules()
    worth = rules.session_hours(
        record.signed_in_at, signed_out_at, activity.starts_at, activity.ends_at, config_rules
    )
    review = review_at_close(record.account_id, record.service_date, worth.hours, record.id)
    record.signed_out_at = signed_out_at
    record.signed_out_by_id = by.id
    record.credited_minutes = worth.minutes
    record.hours = worth.hours
    record.status = RecordStatus.APPROVED if review.level is None else RecordStatus.NEEDS_REVIEW
    record.review_level = review.level
    record.review_reason = review.reason
