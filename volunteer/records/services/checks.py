"""What a session must meet before it is written: a registered volunteer, an open activity,
and the rules for hours (records.rules) with the person's other sessions."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from volunteer.activities.models import Activity
from volunteer.auth.models import Account
from volunteer.clock import local_zone
from volunteer.core.times import hhmm, local_datetime
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.records import review_rules, rules
from volunteer.records.queries import sessions
from volunteer.records.review_rules import Review
from volunteer.records.settings import hour_rules
from volunteer.registration.models import Registration, RegistrationStatus


def rule_message(error: rules.RuleBroken) -> str:
    """Say what rule a session broke, its moments (an activity's times) as people read them."""
    params = {
        name: local_datetime(value) if isinstance(value, datetime) else value
        for name, value in error.params.items()
    }
    return _(error.message, **params)


def rule_refusal(error: rules.RuleBroken) -> DomainError:
    """Turn a broken hour rule into the refusal the person reads."""
    return DomainError(rule_message(error))


def review_at_close(
    account_id: int, day: date, hours: Decimal, exclude_id=None, *, claimed: Decimal | None = None
) -> Review:
    """Decide a closing session's review from the day's claimed hours (docs/rules.md §3.4);
    `claimed`: those hours when the caller read them with the session already."""
    if claimed is None:
        claimed = sessions.claimed_hours_on_day(account_id, day, exclude_id)
    return review_rules.daily_review(claimed, hours, hour_rules())


def check_volunteer(account: Account) -> Registration:
    """Return the account's active registration, or refuse: only registered volunteers serve."""
    return check_registration(
        db.session.scalar(select(Registration).where(Registration.account_id == account.id))
    )


def check_registration(registration: Registration | None) -> Registration:
    """Return the registration if it is active, or refuse: only registered volunteers serve."""
    if registration is None:
        raise DomainError(_("您还没有注册为志愿者，请先完成注册。"))
    if registration.status != RegistrationStatus.ACTIVE:
        raise DomainError(_("您的志愿者注册尚待管理员核对，核对通过后才能签到。"))
    return registration


def check_activity_open(activity: Activity) -> None:
    """Refuse a cancelled activity."""
    if activity.is_cancelled:
        raise DomainError(_("该活动已取消。"))


def check_closed_session(
    account: Account, activity: Activity, begin: datetime, end: datetime, exclude_id=None
) -> rules.SessionHours:
    """Apply the rules a hand-entered session must meet; return what it is worth (clipped)."""
    config_rules = hour_rules()
    try:
        rules.check_entered_session(begin, end, activity.starts_at, activity.ends_at)
        day = rules.service_date(begin, local_zone())
        rules.check_sessions_per_day(
            sessions.sessions_on_day(account.id, activity.id, day, exclude_id), config_rules
        )
        worth = rules.session_hours(begin, end, activity.starts_at, activity.ends_at, config_rules)
    except rules.RuleBroken as error:
        raise rule_refusal(error) from error
    clash = rules.overlaps(
        begin, end, sessions.intervals_around(account.id, begin, end, exclude_id)
    )
    if clash:
        raise DomainError(
            _(
                "与该志愿者%(begin)s至%(end)s的另一条服务记录时间重叠。",
                begin=hhmm(clash[0]),
                end=hhmm(clash[1]),
            )
        )
    return worth
