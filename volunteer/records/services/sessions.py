"""Sign in and sign out: a scanned session opens exactly once and closes by the rules for hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import exists, select

from volunteer.activities.models import Activity, Signup, SignupStatus
from volunteer.auth.models import Account
from volunteer.clock import local_zone, utc_now
from volunteer.core.times import hhmm
from volunteer.errors import Conflict, DomainError
from volunteer.extensions import db
from volunteer.records import rules
from volunteer.records.models import RecordSource, RecordStatus, ServiceRecord
from volunteer.records.queries import sessions
from volunteer.records.review_rules import Review
from volunteer.records.services.auditing import audit_record, record_state
from volunteer.records.services.checks import (
    check_activity_open,
    check_registration,
    check_volunteer,
    review_at_close,
    rule_refusal,
)
from volunteer.records.services.forgotten import close_forgotten_sign_out_of, mark_forgotten
from volunteer.records.services.session_writes import close_open_session, insert_open_session
from volunteer.records.settings import hour_rules
from volunteer.registration.models import Registration

SELF_SOURCES = frozenset({RecordSource.SELF_SCAN, RecordSource.STATIC_CODE})


@dataclass(frozen=True)
class ReadTogether:
    """The person's registration and open session, read in one statement with the activity
    (checkin.queries.attendance_at), so a scan's sign-in or sign-out does not read them again."""

    registration: Registration | None
    open_session: ServiceRecord | None
    # Hours claimed on the open session's day, read beside it (None: read them when needed).
    claimed_on_day: Decimal | None = None


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
    read: ReadTogether | None = None,
) -> SignIn:
    """Open a session for the person at the activity, exactly once; `by` None: their own scan.

    A repeated scan returns the open session (`already`); two processes racing on the same
    sign-in meet the database's one-open-session index, and the loser reads the winner's row.
    `read`: the person's registration and open session, already read with the activity.
    """
    now = at or utc_now()
    actor = by or account
    if read is None:
        check_volunteer(account)
        check_activity_open(activity)
        close_forgotten_sign_out_of(account, now, by=actor)
        current = sessions.open_session_of(account.id)
    else:
        check_registration(read.registration)
        check_activity_open(activity)
        current = _unless_forgotten(read.open_session, now, by=actor)
    if current is not None:
        return _already_open(current, activity)
    try:
        day = _check_may_open(account, activity, source, now)
    except DomainError:
        # A simultaneous scan may have opened the session since we looked, and its row now
        # fills a slot of the day or the time: the answer is "already signed in", not a refusal.
        current = sessions.open_session_of(account.id)
        if current is not None:
            return _already_open(current, activity)
        raise
    record = insert_open_session(
        {
            "account_id": account.id,
            "activity_id": activity.id,
            "source": source,
            "status": RecordStatus.OPEN,
            "signed_in_at": now,
            "service_date": day,
            "recorded_by_id": actor.id,
            "device": (device or "")[:200] or None,
        }
    )
    if record is None:
        current = sessions.open_session_of(account.id)
        if current is None:
            raise Conflict(_("签到未能完成，请重新扫码。"))
        return _already_open(current, activity)
    record.activity = activity
    audit_record("record.sign_in", record, by=actor)
    return SignIn(record, already=False)


def _unless_forgotten(
    current: ServiceRecord | None, now: datetime, *, by: Account
) -> ServiceRecord | None:
    """Return the open session read with the request, unless its sign-out window has closed:
    then it goes to review (as close_forgotten_sign_out_of does) and nothing is open."""
    if current is None or not rules.is_forgotten(now, current.activity.ends_at, hour_rules()):
        return current
    mark_forgotten(current, by=by)
    return current if current.status == RecordStatus.OPEN else None


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


def _check_may_open(account: Account, activity: Activity, source: str, now: datetime):
    """Apply the rules a new session must meet; return its service date."""
    config_rules = hour_rules()
    try:
        rules.check_sign_in_window(now, activity.starts_at, activity.ends_at, config_rules)
        day = rules.service_date(now, local_zone())
        # The day's sessions at the activity and a session covering now, in one statement.
        sessions_that_day, covered = sessions.opening_facts(account.id, activity.id, day, now)
        rules.check_sessions_per_day(sessions_that_day, config_rules)
    except rules.RuleBroken as error:
        raise rule_refusal(error) from error
    if (
        source in SELF_SOURCES
        and activity.signup_required
        and not _has_confirmed_signup(account.id, activity.id)
    ):
        raise DomainError(_("本活动需要提前报名，您不在报名名单中，请联系活动负责人。"))
    if covered:
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
    read: ReadTogether | None = None,
) -> ServiceRecord:
    """Close the person's open session at the activity and credit its hours by the rules.

    After the sign-out window the session is not credited: it goes to review with 0 h
    (`record.is_forgotten_sign_out`), and the caller commits that and says so.
    """
    now = at or utc_now()
    actor = by or account
    record = read.open_session if read is not None else sessions.open_session_of(account.id)
    if record is None or record.activity_id != activity.id:
        last = sessions.last_session_at(account.id, activity.id)
        if last is not None and last.signed_out_at is not None:
            raise Conflict(_("您已于%(time)s签退。", time=hhmm(last.signed_out_at)))
        raise DomainError(_("您还没有在本活动签到。"))
    config_rules = hour_rules()
    if rules.is_forgotten(now, activity.ends_at, config_rules):
        mark_forgotten(record, by=actor)
        return record
    before = record_state(record)
    try:
        worth = rules.session_hours(
            record.signed_in_at, now, activity.starts_at, activity.ends_at, config_rules
        )
    except rules.RuleBroken as error:
        raise rule_refusal(error) from error
    claimed = read.claimed_on_day if read is not None else None
    review = review_at_close(account.id, record.service_date, worth.hours, claimed=claimed)
    if review.level is None and record.review_reason == rules.ReviewReason.OFFLINE_CLOCK:
        # Opened by an offline scan whose time is in doubt (scanner/services/offline.py).
        review = Review(rules.ReviewLevel.MANAGER, rules.ReviewReason.OFFLINE_CLOCK)
    values = {
        "signed_out_at": now,
        "signed_out_by_id": actor.id,
        "credited_minutes": worth.minutes,
        "hours": worth.hours,
        "status": RecordStatus.APPROVED if review.level is None else RecordStatus.NEEDS_REVIEW,
        "review_level": review.level,
        "review_reason": review.reason,
        "updated_at": now,
    }
    if close_open_session(record.id, values) is None:
        db.session.refresh(record)
        raise Conflict(_("您已于%(time)s签退。", time=hhmm(record.signed_out_at or now)))
    audit_record("record.sign_out", record, before=before, by=actor)
    return record
