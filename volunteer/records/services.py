"""Changes to service records: sign in, sign out, forgotten sign-outs, make-ups, review, void,
corrections. Each applies records.rules, is audited, flushes, and leaves the commit to the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from flask import current_app
from flask_babel import format_time
from flask_babel import gettext as _
from sqlalchemy import exists, select, update
from sqlalchemy.exc import IntegrityError

from volunteer.activities.models import Activity, Signup, SignupStatus
from volunteer.audit.services import record_change, snapshot
from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import can
from volunteer.clock import local_zone, utc_now
from volunteer.errors import Conflict, DomainError
from volunteer.extensions import db
from volunteer.records import queries, rules, totals
from volunteer.records.models import (
    RecordAttachment,
    RecordSource,
    RecordStatus,
    ReviewLevel,
    ReviewReason,
    ServiceRecord,
)
from volunteer.registration.models import Registration, RegistrationStatus

AUDITED_FIELDS = [
    "account_id",
    "activity_id",
    "source",
    "status",
    "signed_in_at",
    "signed_out_at",
    "service_date",
    "credited_minutes",
    "hours",
    "review_level",
    "review_reason",
    "note",
    "status_reason",
]
SCANNED_SOURCES = frozenset(
    {
        RecordSource.SELF_SCAN,
        RecordSource.STATIC_CODE,
        RecordSource.COORDINATOR_SCAN,
        RecordSource.COORDINATOR_ENTRY,
    }
)
SELF_SOURCES = frozenset({RecordSource.SELF_SCAN, RecordSource.STATIC_CODE})


def hour_rules() -> rules.HourRules:
    """Return the rules for hours from the app's settings."""
    return rules.HourRules.from_config(current_app.config)


def _broken(error: rules.RuleBroken) -> DomainError:
    return DomainError(_(error.message, **error.params))


def audit_record(
    action: str, record: ServiceRecord, before=None, reason=None, by: Account | None = None
) -> None:
    # Name who acted even outside a request (CLI imports, the forgotten sign-out sweep, tests).
    record_change(
        action=action,
        subject_type="service_record",
        subject_id=record.id,
        unit_id=record.activity.unit_id,
        before=before,
        after=snapshot(record, AUDITED_FIELDS),
        reason=reason,
        actor_id=by.id if by is not None else None,
    )
    # Every record change is audited here, so this is also where the person's totals follow.
    totals.refresh_after_change(record, before)


def _hhmm(moment: datetime) -> str:
    return format_time(moment, "HH:mm")


# --- Who may serve -----------------------------------------------------------------------------


def check_volunteer(account: Account) -> Registration:
    """Return the account's active registration, or refuse: only registered volunteers serve."""
    registration = db.session.scalar(
        select(Registration).where(Registration.account_id == account.id)
    )
    if registration is None:
        raise DomainError(_("您还没有注册为志愿者，请先完成注册。"))
    if registration.status != RegistrationStatus.ACTIVE:
        raise DomainError(_("您的志愿者注册尚待管理员核对，核对通过后才能签到。"))
    return registration


def _check_activity_open(activity: Activity) -> None:
    if activity.is_cancelled:
        raise DomainError(_("该活动已取消。"))


def _has_confirmed_signup(account_id: int, activity_id: int) -> bool:
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    Signup.account_id == account_id,
                    Signup.activity_id == activity_id,
                    Signup.status == SignupStatus.CONFIRMED,
                )
            )
        )
    )


# --- Sign in and out ---------------------------------------------------------------------------


@dataclass
class SignIn:
    """The result of a sign-in: the open session, and whether it already existed."""

    record: ServiceRecord
    already: bool

    def message(self) -> str:
        """Say what happened, as the person should read it."""
        when = _hhmm(self.record.signed_in_at)
        if self.already:
            return _("您已于%(time)s签到，无需重复签到。", time=when)
        return _("签到成功（%(time)s）。", time=when)


def record_sign_in(
    *,
    account: Account,
    activity: Activity,
    source: RecordSource,
    by: Account | None = None,
    device: str | None = None,
    at: datetime | None = None,
) -> SignIn:
    """Open a session for the person at the activity, exactly once.

    A repeated scan returns the open session (`already`); two processes racing on the same
    sign-in meet the database's one-open-session index, and the loser reads the winner's row.
    """
    now = at or utc_now()
    check_volunteer(account)
    _check_activity_open(activity)
    close_forgotten_sign_out_of(account, now)
    current = queries.open_session_of(account.id)
    if current is not None:
        return _already_open(current, activity)
    try:
        day = _check_may_open(account, activity, source, now)
    except DomainError:
        # A simultaneous scan may have opened the session since we looked, and its row now
        # fills a slot of the day or the time: the answer is "already signed in", not a refusal.
        current = queries.open_session_of(account.id)
        if current is not None:
            return _already_open(current, activity)
        raise
    record = ServiceRecord(
        account_id=account.id,
        activity_id=activity.id,
        source=source,
        status=RecordStatus.OPEN,
        signed_in_at=now,
        service_date=day,
        recorded_by_id=(by or account).id,
        device=(device or "")[:200] or None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(record)
            db.session.flush()
    except IntegrityError:
        # Another process opened the session between our read and our insert: use its row.
        current = queries.open_session_of(account.id)
        if current is None:
            raise
        return _already_open(current, activity)
    record.activity = activity
    audit_record("record.sign_in", record, by=by or account)
    return SignIn(record, already=False)


def _check_may_open(account: Account, activity: Activity, source: str, now: datetime):
    """Apply the rules a new session must meet; return its service date."""
    config_rules = hour_rules()
    try:
        rules.check_sign_in_window(now, activity.starts_at, activity.ends_at, config_rules)
        day = rules.service_date(now, local_zone())
        rules.check_sessions_per_day(
            queries.sessions_on_day(account.id, activity.id, day), config_rules
        )
    except rules.RuleBroken as error:
        raise _broken(error) from error
    if (
        source in SELF_SOURCES
        and activity.signup_required
        and not _has_confirmed_signup(account.id, activity.id)
    ):
        raise DomainError(_("本活动需要提前报名，您不在报名名单中，请联系活动负责人。"))
    if queries.intervals_around(account.id, now, now + timedelta(seconds=1)):
        raise DomainError(_("这个时间已有您的另一条服务记录，同一时间只能参加一个活动。"))
    return day


def _already_open(current: ServiceRecord, activity: Activity) -> SignIn:
    if current.activity_id != activity.id:
        raise Conflict(
            _(
                "您正在「%(title)s」签到中（%(time)s签到），请先在该活动签退。",
                title=current.activity.title,
                time=_hhmm(current.signed_in_at),
            )
        )
    return SignIn(current, already=True)


def record_sign_out(
    *,
    account: Account,
    activity: Activity,
    by: Account | None = None,
    at: datetime | None = None,
) -> ServiceRecord:
    """Close the person's open session at the activity and credit its hours by the rules.

    After the sign-out window the session is not credited: it goes to review with 0 h
    (`is_forgotten_sign_out(record)`), and the caller commits that and says so.
    """
    now = at or utc_now()
    record = queries.open_session_of(account.id)
    if record is None or record.activity_id != activity.id:
        last = queries.last_session_at(account.id, activity.id)
        if last is not None and last.signed_out_at is not None:
            raise Conflict(_("您已于%(time)s签退。", time=_hhmm(last.signed_out_at)))
        raise DomainError(_("您还没有在本活动签到。"))
    config_rules = hour_rules()
    if rules.is_forgotten(now, activity.ends_at, config_rules):
        _mark_forgotten(record)
        return record
    before = snapshot(record, AUDITED_FIELDS)
    try:
        worth = rules.session_hours(
            record.signed_in_at, now, activity.starts_at, activity.ends_at, config_rules
        )
    except rules.RuleBroken as error:
        raise _broken(error) from error
    review = rules.daily_review(
        queries.approved_hours_on_day(account.id, record.service_date), worth.hours, config_rules
    )
    values = {
        "signed_out_at": now,
        "signed_out_by_id": (by or account).id,
        "credited_minutes": worth.minutes,
        "hours": worth.hours,
        "status": RecordStatus.APPROVED if review.level is None else RecordStatus.NEEDS_REVIEW,
        "review_level": review.level,
        "review_reason": review.reason,
        "updated_at": now,
    }
    # Compare and set: of two simultaneous sign-outs only one finds the session still open.
    closed = db.session.execute(
        update(ServiceRecord)
        .where(ServiceRecord.id == record.id, ServiceRecord.status == RecordStatus.OPEN)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(record)
    if closed.rowcount == 0:
        raise Conflict(_("您已于%(time)s签退。", time=_hhmm(record.signed_out_at or now)))
    audit_record("record.sign_out", record, before=before, by=by or account)
    return record


# --- Forgotten sign-outs -----------------------------------------------------------------------


def _mark_forgotten(record: ServiceRecord) -> None:
    before = snapshot(record, AUDITED_FIELDS)
    # Compare and set, as at sign-out: of two simultaneous scans only one moves (and audits) it.
    marked = db.session.execute(
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
    db.session.refresh(record)
    if marked.rowcount:
        audit_record("record.forgotten_sign_out", record, before=before)


def is_forgotten_sign_out(record: ServiceRecord) -> bool:
    """Say whether the record waits for someone to set its sign-out time."""
    return (
        record.review_reason == ReviewReason.FORGOTTEN_SIGN_OUT
        and record.status == RecordStatus.NEEDS_REVIEW
    )


def close_forgotten_sign_out_of(account: Account, now: datetime) -> None:
    """Move the person's open session to review if its sign-out window has closed."""
    record = queries.open_session_of(account.id)
    if record is not None and rules.is_forgotten(now, record.activity.ends_at, hour_rules()):
        _mark_forgotten(record)


def close_forgotten_sign_outs(now: datetime | None = None) -> int:
    """Move every open session whose sign-out window has closed to review with 0 h."""
    now = now or utc_now()
    closes_before = now - hour_rules().sign_out_closes_after
    count = 0
    for record in db.session.scalars(queries.forgotten_sessions(closes_before)):
        _mark_forgotten(record)
        count += 1
    return count


def resolve_forgotten_sign_out(
    record: ServiceRecord, *, signed_out_at: datetime, reason: str, by: Account
) -> ServiceRecord:
    """Set the real sign-out time of a forgotten session (at most the activity's end)."""
    if record.review_reason != ReviewReason.FORGOTTEN_SIGN_OUT or record.status not in (
        RecordStatus.NEEDS_REVIEW,
        RecordStatus.OPEN,
    ):
        raise DomainError(_("这条记录不是待补签退的记录。"))
    if not (reason or "").strip():
        raise DomainError(_("请填写补签退的原因。"))
    activity = record.activity
    try:
        rules.check_forgotten_sign_out_time(record.signed_in_at, signed_out_at, activity.ends_at)
    except rules.RuleBroken as error:
        raise _broken(error) from error
    before = snapshot(record, AUDITED_FIELDS)
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
    review = rules.daily_review(
        queries.approved_hours_on_day(record.account_id, record.service_date, record.id),
        worth.hours,
        config_rules,
    )
    record.signed_out_at = signed_out_at
    record.signed_out_by_id = by.id
    record.credited_minutes = worth.minutes
    record.hours = worth.hours
    record.status = RecordStatus.APPROVED if review.level is None else RecordStatus.NEEDS_REVIEW
    record.review_level = review.level
    record.review_reason = review.reason


# --- Make-up entries and imports ---------------------------------------------------------------


def check_closed_session(
    account: Account, activity: Activity, begin: datetime, end: datetime, exclude_id=None
) -> rules.SessionHours:
    """Apply the rules a hand-entered session must meet; return what it is worth."""
    config_rules = hour_rules()
    try:
        rules.check_within_activity(begin, end, activity.starts_at, activity.ends_at)
        day = rules.service_date(begin, local_zone())
        rules.check_sessions_per_day(
            queries.sessions_on_day(account.id, activity.id, day, exclude_id), config_rules
        )
        worth = rules.session_hours(begin, end, activity.starts_at, activity.ends_at, config_rules)
    except rules.RuleBroken as error:
        raise _broken(error) from error
    clash = rules.overlaps(begin, end, queries.intervals_around(account.id, begin, end, exclude_id))
    if clash:
        raise DomainError(
            _(
                "与该志愿者%(begin)s至%(end)s的另一条服务记录时间重叠。",
                begin=_hhmm(clash[0]),
                end=_hhmm(clash[1]),
            )
        )
    return worth


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
    """Add a 补录 record for unscanned service; it waits for a manager whatever its hours."""
    check_volunteer(account)
    _check_activity_open(activity)
    reason = (reason or "").strip()
    evidence_note = (evidence_note or "").strip()
    if not reason:
        raise DomainError(_("请填写补录原因。"))
    if not evidence_note and attachment is None:
        raise DomainError(_("补录需要证明材料：请填写说明或上传附件。"))
    worth = check_closed_session(account, activity, begin, end)
    record = ServiceRecord(
        account_id=account.id,
        activity_id=activity.id,
        source=RecordSource.MAKE_UP,
        status=RecordStatus.NEEDS_REVIEW,
        signed_in_at=begin,
        signed_out_at=end,
        service_date=rules.service_date(begin, local_zone()),
        credited_minutes=worth.minutes,
        hours=worth.hours,
        review_level=ReviewLevel.MANAGER,
        review_reason=ReviewReason.MAKE_UP,
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
    config_rules = hour_rules()
    worth = check_closed_session(account, activity, begin, end)
    day = rules.service_date(begin, local_zone())
    review = rules.daily_review(
        queries.approved_hours_on_day(account.id, day), worth.hours, config_rules
    )
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


# --- Review ------------------------------------------------------------------------------------


def approver_role_needed(record: ServiceRecord) -> Role:
    """Return who may approve the record now: an admin once its day would pass 12 h."""
    level = rules.approver_level_needed(
        queries.approved_hours_on_day(record.account_id, record.service_date, record.id),
        record.hours,
        hour_rules(),
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
        before = snapshot(record, AUDITED_FIELDS)
        record.status = RecordStatus.APPROVED
        record.reviewed_by_id = by.id
        record.reviewed_at = utc_now()
        db.session.flush()
        audit_record("record.approve", record, before=before, reason=reason, by=by)


def reject_records(records: list[ServiceRecord], *, by: Account, reason: str) -> None:
    """Reject waiting records with a reason the volunteer will see."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写不通过的原因。"))
    for record in records:
        if record.status != RecordStatus.NEEDS_REVIEW:
            raise DomainError(_("只能审核待审核的记录。"))
        before = snapshot(record, AUDITED_FIELDS)
        record.status = RecordStatus.REJECTED
        record.status_reason = reason
        record.reviewed_by_id = by.id
        record.reviewed_at = utc_now()
        db.session.flush()
        audit_record("record.reject", record, before=before, reason=reason, by=by)


def void_record(record: ServiceRecord, *, by: Account, reason: str) -> ServiceRecord:
    """Void a wrong record with a reason; it stays, visible, and no longer counts."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写作废原因。"))
    if record.status == RecordStatus.VOID:
        raise Conflict(_("这条记录已作废。"))
    before = snapshot(record, AUDITED_FIELDS)
    record.status = RecordStatus.VOID
    record.status_reason = reason
    record.reviewed_by_id = by.id
    record.reviewed_at = utc_now()
    db.session.flush()
    audit_record("record.void", record, before=before, reason=reason, by=by)
    return record
