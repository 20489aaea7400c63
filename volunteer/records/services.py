"""Changes to service records: sign in, sign out, forgotten sign-outs (make-ups and imports are in
records.entries, review and void in records.review, corrections in records.corrections). Each
applies records.rules, is audited, flushes, and leaves the commit to the caller.
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
from volunteer.auth.models import Account
from volunteer.clock import local_zone, utc_now
from volunteer.errors import Conflict, DomainError
from volunteer.extensions import db
from volunteer.records import queries, rules, totals
from volunteer.records.models import (
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


def rule_refusal(error: rules.RuleBroken) -> DomainError:
    """Turn a broken hour rule into the refusal the person reads."""
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


def hhmm(moment: datetime) -> str:
    """Show a moment's local time of day: 09:00."""
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


def check_activity_open(activity: Activity) -> None:
    """Refuse a cancelled activity."""
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
        when = hhmm(self.record.signed_in_at)
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
    check_activity_open(activity)
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
        raise rule_refusal(error) from error
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
                time=hhmm(current.signed_in_at),
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
            raise Conflict(_("您已于%(time)s签退。", time=hhmm(last.signed_out_at)))
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
        raise rule_refusal(error) from error
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
        raise Conflict(_("您已于%(time)s签退。", time=hhmm(record.signed_out_at or now)))
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
        raise rule_refusal(error) from error
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
