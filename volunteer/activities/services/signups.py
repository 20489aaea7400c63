"""Sign up for activities and withdraw, with a waiting list that fills freed places in order.

Every function flushes and audits; the caller commits once.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from volunteer.activities.models import Activity, Signup, SignupStatus
from volunteer.activities.queries.signups import is_registered_volunteer
from volunteer.activities.services.audit import audit
from volunteer.audit.services import snapshot
from volunteer.auth.models import Account
from volunteer.clock import utc_now
from volunteer.errors import Conflict, DomainError
from volunteer.extensions import db

SIGNUP_FIELDS = ["activity_id", "account_id", "status", "queued_at"]


def _lock(activity: Activity) -> Activity:
    """Re-read the activity under a row lock, so places are counted one sign-up at a time."""
    return db.session.scalars(
        select(Activity)
        .where(Activity.id == activity.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def _confirmed(activity: Activity) -> int:
    return (
        db.session.scalar(
            select(func.count()).where(
                Signup.activity_id == activity.id, Signup.status == SignupStatus.CONFIRMED
            )
        )
        or 0
    )


def _signup_row(activity: Activity, account: Account) -> Signup | None:
    return db.session.scalars(
        select(Signup)
        .where(Signup.activity_id == activity.id, Signup.account_id == account.id)
        .execution_options(populate_existing=True)
    ).one_or_none()


def sign_up(*, activity: Activity, account: Account) -> Signup:
    """Take a place at the activity, or join its waiting list when it is full.

    The account signs itself up: it is the actor of the audit entry.
    """
    activity = _lock(activity)
    if activity.is_cancelled:
        raise DomainError(_("活动已取消，不能报名。"))
    if activity.has_started:
        raise DomainError(_("活动已开始，不能再报名。"))
    if not is_registered_volunteer(account):
        raise DomainError(_("只有已注册的志愿者才能报名，请先完成志愿者注册。"))
    signup = _signup_row(activity, account)
    if signup is not None and signup.status != SignupStatus.CANCELLED:
        raise Conflict(_("您已报名该活动。"))
    full = activity.places(_confirmed(activity)).is_full
    status = SignupStatus.WAITLISTED if full else SignupStatus.CONFIRMED
    before = None
    if signup is None:
        signup = Signup(activity_id=activity.id, account_id=account.id)
        db.session.add(signup)
    else:
        before = snapshot(signup, SIGNUP_FIELDS)
    # Someone coming back joins the end of the queue, not their old place.
    signup.status, signup.queued_at = status, utc_now()
    db.session.flush()
    action = "signup.waitlist" if full else "signup.confirm"
    audit(
        signup,
        "signup",
        action,
        SIGNUP_FIELDS,
        by=account,
        unit_id=activity.unit_id,
        before=before,
    )
    return signup


def withdraw(*, activity: Activity, account: Account) -> Signup | None:
    """Give up a place or leave the waiting list; a freed place goes to the first in line.

    The account withdraws itself. Returns the sign-up promoted into the freed place, if any.
    """
    activity = _lock(activity)
    if activity.has_started:
        raise DomainError(_("活动已开始，不能再取消报名。"))
    signup = _signup_row(activity, account)
    if signup is None or signup.status == SignupStatus.CANCELLED:
        raise DomainError(_("您没有报名该活动。"))
    before = snapshot(signup, SIGNUP_FIELDS)
    signup.status = SignupStatus.CANCELLED
    db.session.flush()
    audit(
        signup,
        "signup",
        "signup.withdraw",
        SIGNUP_FIELDS,
        by=account,
        unit_id=activity.unit_id,
        before=before,
    )
    promoted = fill_places(activity, by=account)
    return promoted[0] if promoted else None


def fill_places(activity: Activity, *, by: Account | None) -> list[Signup]:
    """Promote waiting sign-ups, first in line first, while the activity has free places."""
    if activity.is_cancelled:
        return []
    free = activity.places(_confirmed(activity)).left
    if free == 0:
        return []
    query = (
        select(Signup)
        .where(Signup.activity_id == activity.id, Signup.status == SignupStatus.WAITLISTED)
        .order_by(Signup.queued_at, Signup.id)
    )
    if free is not None:
        query = query.limit(free)
    promoted = list(db.session.scalars(query))
    for signup in promoted:
        before = snapshot(signup, SIGNUP_FIELDS)
        signup.status = SignupStatus.CONFIRMED
        db.session.flush()
        audit(
            signup,
            "signup",
            "signup.promote",
            SIGNUP_FIELDS,
            by=by,
            unit_id=activity.unit_id,
            before=before,
        )
    return promoted
