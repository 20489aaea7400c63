"""Deciding on service records: who may approve, approve and reject waiting records, void wrong
ones. Each is audited through records.services, flushes, and leaves the commit to the caller.
"""

from __future__ import annotations

from flask_babel import gettext as _

from volunteer.audit.services import snapshot
from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import can
from volunteer.clock import utc_now
from volunteer.errors import Conflict, DomainError
from volunteer.extensions import db
from volunteer.records import queries, rules, services
from volunteer.records.models import RecordStatus, ServiceRecord


def approver_role_needed(record: ServiceRecord) -> Role:
    """Return who may approve the record now: an admin once its day would pass 12 h."""
    level = rules.approver_level_needed(
        queries.approved_hours_on_day(record.account_id, record.service_date, record.id),
        record.hours,
        services.hour_rules(),
    )
    return Role.ADMIN if level == rules.ADMIN else Role.MANAGER


def can_review(account: Account, record: ServiceRecord, role: Role = Role.MANAGER) -> bool:
    """Say whether the account holds `role` over the record's activity or person."""
    return any(can(account, role, unit) for unit in queries.review_units(record))


def approve_records(records: list[ServiceRecord], *, by: Account, reason: str | None = None):
    """Approve waiting records; a day above 12 h needs an administrator."""
    for record in records:
        if record.status != RecordStatus.NEEDS_REVIEW:
            raise DomainError(_("只能审核待审核的记录。"))
        if record.signed_out_at is None:
            raise DomainError(
                _("%(name)s的记录尚未补签退，请先设置签退时间。", name=record.account.display_name)
            )
        if not can_review(by, record):
            raise DomainError(_("您无权审核%(name)s的这条记录。", name=record.account.display_name))
        if not can_review(by, record, approver_role_needed(record)):
            raise DomainError(
                _(
                    "%(name)s在%(day)s的累计时长超过12小时，需要管理员审核。",
                    name=record.account.display_name,
                    day=record.service_date.isoformat(),
                )
            )
        before = snapshot(record, services.AUDITED_FIELDS)
        record.status = RecordStatus.APPROVED
        record.reviewed_by_id = by.id
        record.reviewed_at = utc_now()
        db.session.flush()
        services.audit_record("record.approve", record, before=before, reason=reason, by=by)


def reject_records(records: list[ServiceRecord], *, by: Account, reason: str) -> None:
    """Reject waiting records with a reason the volunteer will see."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写不通过的原因。"))
    for record in records:
        if record.status != RecordStatus.NEEDS_REVIEW:
            raise DomainError(_("只能审核待审核的记录。"))
        before = snapshot(record, services.AUDITED_FIELDS)
        record.status = RecordStatus.REJECTED
        record.status_reason = reason
        record.reviewed_by_id = by.id
        record.reviewed_at = utc_now()
        db.session.flush()
        services.audit_record("record.reject", record, before=before, reason=reason, by=by)


def void_record(record: ServiceRecord, *, by: Account, reason: str) -> ServiceRecord:
    """Void a wrong record with a reason; it stays, visible, and no longer counts."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写作废原因。"))
    if record.status == RecordStatus.VOID:
        raise Conflict(_("这条记录已作废。"))
    before = snapshot(record, services.AUDITED_FIELDS)
    record.status = RecordStatus.VOID
    record.status_reason = reason
    record.reviewed_by_id = by.id
    record.reviewed_at = utc_now()
    db.session.flush()
    services.audit_record("record.void", record, before=before, reason=reason, by=by)
    return record
