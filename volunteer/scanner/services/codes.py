"""Personal codes: a volunteer's phone key, printed badges, and the tokens they carry.

Every function flushes and audits; the caller commits once.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from volunteer.audit.services import record_change, snapshot
from volunteer.auth.models import Account
from volunteer.checkin import short_tokens, tokens
from volunteer.clock import utc_now
from volunteer.core.times import local_date
from volunteer.errors import Conflict, DomainError
from volunteer.extensions import db
from volunteer.records import services as records
from volunteer.scanner import queries
from volunteer.scanner.models import CodeKind, VolunteerCode

AUDITED_FIELDS = ["account_id", "kind", "issued_by_id", "issued_at", "revoked_at", "revoked_by_id"]


class NoPersonalCode(DomainError):
    """Only registered volunteers have a personal code; the code page's script shows why not."""

    code = "no_personal_code"
    status = 409


def _audit(
    action: str, code: VolunteerCode, *, by: Account | None, before=None, reason=None
) -> None:
    unit = queries.badge_unit(code)
    record_change(
        action=action,
        subject_type="volunteer_code",
        subject_id=code.id,
        unit_id=unit.id if unit else None,
        before=before,
        after=snapshot(code, AUDITED_FIELDS),
        reason=reason,
        actor_id=by.id if by is not None else None,
    )


def phone_code_for(account: Account) -> VolunteerCode:
    """Return the volunteer's live phone key, creating it on first use: exactly one, even racing.

    Only registered volunteers get one (records.services.check_volunteer says why not). The
    volunteer asks for it: they are the actor of the audit entry.
    """
    try:
        records.check_volunteer(account)
    except DomainError as refusal:
        raise NoPersonalCode(refusal.message) from refusal
    code = queries.live_phone_code(account.id)
    if code is not None:
        return code
    code = VolunteerCode(account_id=account.id, kind=CodeKind.PHONE, issued_by_id=account.id)
    try:
        with db.session.begin_nested():
            db.session.add(code)
            db.session.flush()
    except IntegrityError:
        # The same person's other tab or phone created it a moment ago: use that key.
        code = queries.live_phone_code(account.id)
        if code is None:
            raise
        return code
    _audit("volunteer_code.phone_issued", code, by=account)
    return code


def issue_badges(*, accounts: list[Account], by: Account) -> list[VolunteerCode]:
    """Issue a new printed badge to each registered volunteer; older badges stay valid."""
    if not accounts:
        raise DomainError(_("请先勾选要发放胸卡的志愿者。"))
    codes = []
    for account in accounts:
        records.check_volunteer(account)
        code = VolunteerCode(account_id=account.id, kind=CodeKind.BADGE, issued_by_id=by.id)
        db.session.add(code)
        db.session.flush()
        _audit("volunteer_code.badge_issued", code, by=by)
        codes.append(code)
    return codes


def revoke_badge(code: VolunteerCode, *, by: Account, reason: str | None = None) -> VolunteerCode:
    """Revoke a printed badge: scanning it is refused from now on, with a clear message."""
    if code.kind != CodeKind.BADGE:
        raise DomainError(_("只能作废打印的胸卡。"))
    if code.is_revoked:
        raise Conflict(_("这张胸卡已于%(date)s作废。", date=local_date(code.revoked_at)))
    before = snapshot(code, AUDITED_FIELDS)
    code.revoked_at = utc_now()
    code.revoked_by_id = by.id
    db.session.flush()
    reason = (reason or "").strip() or None
    _audit("volunteer_code.badge_revoked", code, by=by, before=before, reason=reason)
    return code


def code_link(token: str) -> str:
    """Return the link a personal QR code carries: the coordinator's page for the token, in
    capitals where case does not matter, so any phone's camera app opens it."""
    url = url_for("scanner.personal_code", personal_token=token, _external=True)
    return short_tokens.qr_link(url)


def phone_token(code: VolunteerCode, now: datetime) -> str:
    """Return the rotating token the volunteer's phone shows during `now`'s window."""
    config = current_app.config
    return tokens.personal_token(config["SECRET_KEY"], code.key, now, config["QR_ROTATE_SECONDS"])


def badge_token(key: str) -> str:
    """Return the static token printed on the badge with `key`."""
    return tokens.badge_token(current_app.config["SECRET_KEY"], key)
