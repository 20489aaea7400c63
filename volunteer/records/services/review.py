"""Deciding on service records: who may approve, approve and reject waiting records, void wrong
ones, each audited."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _

from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import can
from volunteer.clock import utc_now
from volunteer.core.numbers import format_hours
from volunteer.errors import Conflict, DomainError
from volunteer.extensions import db
from volunteer.records import review_rules
from volunteer.records.models import RecordStatus, ReviewLevel, ServiceRecord
from volunteer.records.queries import bulk_review, scope, sessions
from volunteer.records.services.auditing import audit_record, audit_records, record_state
from volunteer.records.settings import hour_rules

# The one place a review level meets the role that may approve at it.
APPROVER_ROLES = {ReviewLevel.MANAGER: Role.MANAGER, ReviewLevel.ADMIN: Role.ADMIN}


def approver_role_needed(record: ServiceRecord) -> Role:
    """Return who may approve the record now: at least its level's approver, and an admin for
    the record that takes its day's approved hours above the admin line (docs/rules.md §3.4)."""
    level = review_rules.approver_level_needed(
        record.review_level,
        sessions.approved_hours_on_day(record.account_id, record.service_date, record.id),
        record.hours,
        hour_rules(),
    )
    return APPROVER_ROLES[level]


def can_review(account: Account, record: ServiceRecord, role: Role = Role.MANAGER) -> bool:
    """Say whether the account holds `role` over the record's activity or person."""
    return any(can(account, role, unit) for unit in scope.review_units(record))


def admin_line() -> str:
    """Return the daily hours above which an administrator approves, as messages show them."""
    return format_hours(hour_rules().admin_review_above)


class RecordRefused(DomainError):
    """A refusal that names the record of a batch it is about, so the page can say which."""

    def __init__(self, message: str, record: ServiceRecord):
        super().__init__(message)
        self.record = record


def _approval_refusal(record: ServiceRecord, by: Account, approved_that_day: Decimal) -> str | None:
    """Say why `by` may not approve the record now, given the day's approved hours; None: may."""
    if record.status != RecordStatus.NEEDS_REVIEW:
        return _("只能审核待审核的记录。")
    if record.signed_out_at is None:
        return _("%(name)s的记录尚未补签退，请先设置签退时间。", name=record.account.display_name)
    if not can_review(by, record):
        return _("您无权审核%(name)s的这条记录。", name=record.account.display_name)
    level = review_rules.approver_level_needed(
        record.review_level, approved_that_day, record.hours, hour_rules()
    )
    if not can_review(by, record, APPROVER_ROLES[level]):
        return _(
            "%(name)s在%(day)s的累计时长超过%(hours)s小时，需要管理员审核。",
            name=record.account.display_name,
            day=record.service_date.isoformat(),
            hours=admin_line(),
        )
    return None


def approve_records(records: list[ServiceRecord], *, by: Account, reason: str | None = None):
    """Approve waiting records, all or none; a day above the admin line needs an administrator.

    One pass for the whole selection: the records' units and the days' approved hours are read
    once, and each record in turn adds its hours to its day, so the 12 h line holds within the
    batch exactly as it does for records approved one by one (docs/rules.md §3.4).
    """
    bulk_review.load_review_units(records)
    approved = bulk_review.approved_hours_on_days(
        (record.account_id, record.service_date) for record in records
    )
    for record in records:
        day = (record.account_id, record.service_date)
        refusal = _approval_refusal(record, by, approved[day])
        if refusal is not None:
            raise RecordRefused(refusal, record)
        approved[day] += record.hours
    _decide(records, "record.approve", RecordStatus.APPROVED, by=by, reason=reason)


def reject_records(records: list[ServiceRecord], *, by: Account, reason: str) -> None:
    """Reject waiting records with a reason the volunteer will see, all or none."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写不通过的原因。"))
    bulk_review.load_review_units(records)
    for record in records:
        if record.status != RecordStatus.NEEDS_REVIEW:
            raise RecordRefused(_("只能审核待审核的记录。"), record)
    _decide(records, "record.reject", RecordStatus.REJECTED, by=by, reason=reason)


def _decide(
    records: list[ServiceRecord],
    action: str,
    status: RecordStatus,
    *,
    by: Account,
    reason: str | None,
) -> None:
    """Write the decision on every record and audit each; one flush sends them together."""
    now = utc_now()
    befores = [record_state(record) for record in records]
    for record in records:
        record.status = status
        if status == RecordStatus.REJECTED:
            record.status_reason = reason
        record.reviewed_by_id = by.id
        record.reviewed_at = now
    db.session.flush()
    audit_records(action, records, befores, reason=reason, by=by)


def void_record(record: ServiceRecord, *, by: Account, reason: str) -> ServiceRecord:
    """Void a wrong record with a reason; it stays, visible, and no longer counts."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写作废原因。"))
    if record.status == RecordStatus.VOID:
        raise Conflict(_("这条记录已作废。"))
    before = record_state(record)
    record.status = RecordStatus.VOID
    record.status_reason = reason
    record.reviewed_by_id = by.id
    record.reviewed_at = utc_now()
    db.session.flush()
    audit_record("record.void", record, before=before, reason=reason, by=by)
    return record
