"""Correction requests (更正申请): a volunteer reports an error or an omission, a manager accepts
(the record changes, audited) or rejects with a reason."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import exists, select

from volunteer.activities.models import Activity
from volunteer.audit.services import record_change, snapshot
from volunteer.auth.models import Account
from volunteer.clock import local_zone, utc_now
from volunteer.errors import Conflict, DomainError
from volunteer.extensions import db
from volunteer.records import rules
from volunteer.records.models import (
    Correction,
    CorrectionStatus,
    RecordSource,
    RecordStatus,
    ServiceRecord,
)
from volunteer.records.services.auditing import audit_record, record_state
from volunteer.records.services.checks import check_closed_session
from volunteer.records.services.review import admin_line, approver_role_needed, can_review


def request_correction(
    *,
    account: Account,
    message: str,
    record: ServiceRecord | None = None,
    activity: Activity | None = None,
    begin: datetime | None = None,
    end: datetime | None = None,
) -> Correction:
    """File a volunteer's report of an error in their record, or of a missing one."""
    message = (message or "").strip()
    if not message:
        raise DomainError(_("请说明需要更正的内容。"))
    if record is not None and record.account_id != account.id:
        raise DomainError(_("只能对自己的记录申请更正。"))
    if record is not None:
        activity_id = record.activity_id
    elif activity is not None:
        activity_id = activity.id
    else:
        raise DomainError(_("请选择遗漏记录所属的活动。"))
    if begin is not None and end is not None and end <= begin:
        raise DomainError(_("结束时间必须晚于开始时间。"))
    if record is not None and db.session.scalar(
        select(
            exists().where(
                Correction.record_id == record.id, Correction.status == CorrectionStatus.PENDING
            )
        )
    ):
        raise Conflict(_("这条记录已有一份待处理的更正申请。"))
    correction = Correction(
        account_id=account.id,
        record_id=record.id if record else None,
        activity_id=activity_id,
        proposed_signed_in_at=begin,
        proposed_signed_out_at=end,
        message=message,
    )
    db.session.add(correction)
    db.session.flush()
    _audit_correction("correction.request", correction, by=account)
    return correction


def _audit_correction(
    action: str, correction: Correction, *, by: Account, reason: str | None = None
) -> None:
    activity = db.session.get(Activity, correction.activity_id)
    record_change(
        action=action,
        subject_type="correction",
        subject_id=correction.id,
        unit_id=activity.unit_id if activity else None,
        after=snapshot(
            correction,
            [
                "record_id",
                "activity_id",
                "proposed_signed_in_at",
                "proposed_signed_out_at",
                "message",
                "status",
                "resolution_reason",
            ],
        ),
        reason=reason,
        actor_id=by.id,
    )


def accept_correction(correction: Correction, *, by: Account, reason: str | None = None):
    """Apply a correction: change the record's times (or add the missing one), audited."""
    if correction.status != CorrectionStatus.PENDING:
        raise Conflict(_("这份更正申请已处理。"))
    begin, end = correction.proposed_signed_in_at, correction.proposed_signed_out_at
    if begin is None or end is None:
        raise DomainError(_("申请中没有完整的开始和结束时间，请驳回并说明，或为其补录。"))
    account = correction.account
    activity = correction.activity
    if activity is None:
        # request_correction always names the activity; refuse rather than crash if it is gone.
        raise DomainError(_("请选择遗漏记录所属的活动。"))
    record = correction.record
    if record is not None and record.status == RecordStatus.VOID:
        raise DomainError(_("这条记录已作废，不能更正。"))
    if record is None:
        worth = check_closed_session(account, activity, begin, end)
        record = ServiceRecord(
            account_id=account.id,
            activity_id=activity.id,
            source=RecordSource.MAKE_UP,
            signed_in_at=begin,
            signed_out_at=end,
            service_date=rules.service_date(begin, local_zone()),
            note=correction.message,
            recorded_by_id=by.id,
        )
        db.session.add(record)
        before = None
    else:
        worth = check_closed_session(account, activity, begin, end, exclude_id=record.id)
        before = record_state(record)
        record.signed_in_at = begin
        record.signed_out_at = end
        record.service_date = rules.service_date(begin, local_zone())
    record.credited_minutes = worth.minutes
    record.hours = worth.hours
    record.status = RecordStatus.APPROVED
    record.review_level = None
    record.review_reason = None
    record.reviewed_by_id = by.id
    record.reviewed_at = utc_now()
    db.session.flush()
    if not can_review(by, record, approver_role_needed(record)):
        raise DomainError(
            _("更正后当日累计时长超过%(hours)s小时，需要管理员处理。", hours=admin_line())
        )
    record.activity = activity
    audit_record(
        "record.correct", record, before=before, reason=reason or correction.message, by=by
    )
    correction.record_id = record.id
    _resolve_correction(correction, CorrectionStatus.ACCEPTED, by, reason)
    return record


def reject_correction(correction: Correction, *, by: Account, reason: str) -> None:
    """Turn a correction down with a reason the volunteer will see."""
    if correction.status != CorrectionStatus.PENDING:
        raise Conflict(_("这份更正申请已处理。"))
    if not (reason or "").strip():
        raise DomainError(_("请填写驳回原因。"))
    _resolve_correction(correction, CorrectionStatus.REJECTED, by, reason.strip())


def _resolve_correction(
    correction: Correction, status: CorrectionStatus, by: Account, reason: str | None
) -> None:
    correction.status = status
    correction.resolved_by_id = by.id
    correction.resolved_at = utc_now()
    correction.resolution_reason = reason
    db.session.flush()
    _audit_correction(f"correction.{status}", correction, reason=reason, by=by)
