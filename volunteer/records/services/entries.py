"""Sessions entered after the fact: make-ups (补录) with their evidence, and imported rows. Each
meets the same rules as a scanned session (services.checks) and is audited."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from volunteer.activities.models import Activity
from volunteer.auth.models import Account
from volunteer.clock import local_zone
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.records import review_rules, rules
from volunteer.records.models import (
    RecordAttachment,
    RecordSource,
    RecordStatus,
    ServiceRecord,
)
from volunteer.records.queries import sessions
from volunteer.records.services.auditing import audit_record
from volunteer.records.services.checks import (
    check_activity_open,
    check_closed_session,
    check_volunteer,
    review_at_close,
)
from volunteer.records.settings import hour_rules


def enter_make_up(
    *,
    account: Account,
    activity: Activity,
    begin: datetime,
    end: datetime,
    reason: str,
    evidence_note: str | None,
    by: Account,
    attachment: tuple[str, str, bytes] | None = None,
) -> ServiceRecord:
    """Add a 补录 record for unscanned service, clipped to the activity like a scan; it waits
    for a manager whatever its hours, for an administrator above the day's 12 h."""
    check_volunteer(account)
    check_activity_open(activity)
    reason = (reason or "").strip()
    evidence_note = (evidence_note or "").strip()
    if not reason:
        raise DomainError(_("请填写补录原因。"))
    if not evidence_note and attachment is None:
        raise DomainError(_("补录需要证明材料：请填写说明或上传附件。"))
    worth = check_closed_session(account, activity, begin, end)
    day = rules.service_date(begin, local_zone())
    claimed = sessions.claimed_hours_on_day(account.id, day)
    review = review_rules.make_up_review(claimed, worth.hours, hour_rules())
    record = ServiceRecord(
        account_id=account.id,
        activity_id=activity.id,
        source=RecordSource.MAKE_UP,
        status=RecordStatus.NEEDS_REVIEW,
        signed_in_at=begin,
        signed_out_at=end,
        service_date=day,
        credited_minutes=worth.minutes,
        hours=worth.hours,
        review_level=review.level,
        review_reason=review.reason,
        note=f"{reason}\n{evidence_note}".strip(),
        recorded_by_id=by.id,
    )
    db.session.add(record)
    db.session.flush()
    if attachment is not None:
        attach_evidence(record, attachment, by)
    record.activity = activity
    audit_record("record.make_up", record, reason=reason, by=by)
    return record


def attach_evidence(record: ServiceRecord, attachment: tuple[str, str, bytes], by: Account) -> None:
    """Keep an evidence file (filename, mimetype, bytes) with a record."""
    filename, mimetype, content = attachment
    if len(content) > current_app.config["MAX_ATTACHMENT_BYTES"]:
        raise DomainError(_("附件过大，请压缩后再上传。"))
    db.session.add(
        RecordAttachment(
            record_id=record.id,
            filename=filename[:200],
            mimetype=mimetype[:100],
            size=len(content),
            content=content,
            uploaded_by_id=by.id,
        )
    )


def import_session(
    *,
    account: Account,
    activity: Activity,
    begin: datetime,
    end: datetime,
    import_key: str,
    by: Account | None,
    note: str | None = None,
) -> ServiceRecord | None:
    """Add an imported session by the same rules as a scan; None when this row came before."""
    if db.session.scalar(select(ServiceRecord.id).where(ServiceRecord.import_key == import_key)):
        return None
    check_volunteer(account)
    worth = check_closed_session(account, activity, begin, end)
    day = rules.service_date(begin, local_zone())
    review = review_at_close(account.id, day, worth.hours)
    record = ServiceRecord(
        account_id=account.id,
        activity_id=activity.id,
        source=RecordSource.IMPORT,
        status=RecordStatus.APPROVED if review.level is None else RecordStatus.NEEDS_REVIEW,
        signed_in_at=begin,
        signed_out_at=end,
        service_date=day,
        credited_minutes=worth.minutes,
        hours=worth.hours,
        review_level=review.level,
        review_reason=review.reason,
        note=note,
        import_key=import_key,
        recorded_by_id=by.id if by else None,
    )
    db.session.add(record)
    db.session.flush()
    record.activity = activity
    audit_record("record.import", record, by=by)
    return record
