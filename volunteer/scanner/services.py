"""Changes for personal codes and the coordinator's scanner: phone keys, badges, scans.

Every function flushes and leaves the commit to the caller. A scan toggles the person's
session at the activity through records.services, which owns every write to records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from flask import current_app
from flask_babel import format_date, format_decimal, format_time
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from volunteer.activities.models import Activity
from volunteer.audit.services import record_change, snapshot
from volunteer.auth.models import Account
from volunteer.checkin import tokens
from volunteer.clock import utc_now
from volunteer.errors import Conflict, DomainError
from volunteer.extensions import db
from volunteer.records import queries as records_queries
from volunteer.records import services as records
from volunteer.records.models import RecordSource, RecordStatus, ServiceRecord
from volunteer.scanner import queries
from volunteer.scanner.models import CodeKind, VolunteerCode

AUDITED_FIELDS = ["account_id", "kind", "issued_by_id", "issued_at", "revoked_at", "revoked_by_id"]
# DESIGN §5: two scans of the same person within a minute are one event, not a sign-in and
# an immediate sign-out (a phone held up twice, a badge read by two frames).
SAME_EVENT = timedelta(seconds=60)
CODE_KIND_OF_TOKEN = {tokens.PERSON_ROTATING: CodeKind.PHONE, tokens.PERSON_BADGE: CodeKind.BADGE}


class Outcome(StrEnum):
    """What a scan or a coordinator's button did, as the scanner page shows it."""

    SIGNED_IN = "signed_in"
    SIGNED_OUT = "signed_out"
    ALREADY = "already"
    REFUSED = "refused"


@dataclass(frozen=True)
class ScanResult:
    """The answer the scanner shows: what happened, to whom, in words."""

    outcome: Outcome
    name: str
    message: str

    def as_json(self) -> dict:
        return {
            "ok": self.outcome != Outcome.REFUSED,
            "outcome": str(self.outcome),
            "name": self.name,
            "message": self.message,
        }


class ScanRefused(DomainError):
    """A scan or entry that records nothing; `name` is the person's when they were recognised."""

    def __init__(self, message: str, name: str = ""):
        super().__init__(message)
        self.name = name

    def result(self) -> ScanResult:
        return ScanResult(Outcome.REFUSED, self.name, self.message)


def _audit(action: str, code: VolunteerCode, before=None, reason=None) -> None:
    unit = queries.badge_unit(code)
    record_change(
        action=action,
        subject_type="volunteer_code",
        subject_id=code.id,
        unit_id=unit.id if unit else None,
        before=before,
        after=snapshot(code, AUDITED_FIELDS),
        reason=reason,
    )


def _hhmm(moment: datetime) -> str:
    return format_time(moment, "HH:mm")


# --- Codes -------------------------------------------------------------------------------------


def phone_code_for(account: Account) -> VolunteerCode:
    """Return the volunteer's live phone key, creating it on first use: exactly one, even racing.

    Only registered volunteers get one (records.services.check_volunteer says why not).
    """
    records.check_volunteer(account)
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
    _audit("volunteer_code.phone_issued", code)
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
        _audit("volunteer_code.badge_issued", code)
        codes.append(code)
    return codes


def revoke_badge(code: VolunteerCode, *, by: Account, reason: str | None = None) -> VolunteerCode:
    """Revoke a printed badge: scanning it is refused from now on, with a clear message."""
    if code.kind != CodeKind.BADGE:
        raise DomainError(_("只能作废打印的胸卡。"))
    if code.is_revoked:
        raise Conflict(_("这张胸卡已于%(date)s作废。", date=format_date(code.revoked_at)))
    before = snapshot(code, AUDITED_FIELDS)
    code.revoked_at = utc_now()
    code.revoked_by_id = by.id
    db.session.flush()
    reason = (reason or "").strip() or None
    _audit("volunteer_code.badge_revoked", code, before=before, reason=reason)
    return code


def phone_token(code: VolunteerCode, now: datetime) -> str:
    """Return the rotating token the volunteer's phone shows during `now`'s window."""
    config = current_app.config
    return tokens.personal_token(config["SECRET_KEY"], code.key, now, config["QR_ROTATE_SECONDS"])


def badge_token(key: str) -> str:
    """Return the static token printed on the badge with `key`."""
    return tokens.badge_token(current_app.config["SECRET_KEY"], key)


# --- Scans -------------------------------------------------------------------------------------


def _token_refused_message(error: tokens.TokenRefused) -> str:
    """Say why a personal code was refused, as the coordinator holding the scanner reads it."""
    if error.message == tokens.EXPIRED:
        return _("个人码已过期：请志愿者刷新“我的签到码”页面后再扫。")
    if error.message == tokens.INVALID:
        return _("无法识别这个二维码：它不是本系统的个人码，或已被改动。")
    return _(error.message)


def code_for_token(token: str, now: datetime) -> VolunteerCode:
    """Return the live code a scanned personal token names, or raise ScanRefused saying why."""
    config = current_app.config
    try:
        claims = tokens.read_token(
            config["SECRET_KEY"],
            token,
            kinds=tokens.PERSON_KINDS,
            now=now,
            rotate_seconds=config["QR_ROTATE_SECONDS"],
            accept_seconds=config["QR_ACCEPT_SECONDS"],
        )
    except tokens.TokenRefused as error:
        raise ScanRefused(_token_refused_message(error)) from error
    code = queries.code_by_key(claims.key)
    # A phone key only ever travels in rotating tokens, a badge key only in badge tokens.
    if code is None or code.kind != CODE_KIND_OF_TOKEN[claims.kind]:
        raise ScanRefused(_("无法识别这个个人码，请改用下方的搜索签到。"))
    if code.is_revoked:
        name = _volunteer_name(code.account)
        if code.kind == CodeKind.BADGE:
            raise ScanRefused(
                _(
                    "%(name)s 的这张胸卡已于%(date)s作废，不能再用于签到。"
                    "请改用新胸卡、手机上的个人码，或用下方搜索签到。",
                    name=name,
                    date=format_date(code.revoked_at),
                ),
                name,
            )
        raise ScanRefused(_("这个个人码已停用：请志愿者刷新“我的签到码”页面。"), name)
    return code


def _volunteer_name(account: Account) -> str:
    card = queries.volunteer_card(account.id)
    return card.name if card is not None else account.display_name


def _check_registered(account: Account) -> str:
    """Return the volunteer's name, or refuse: only active registered volunteers serve."""
    card = queries.volunteer_card(account.id)
    if card is None:
        raise ScanRefused(
            _(
                "%(name)s 还不是已注册的志愿者（或注册尚待核对），不能签到。",
                name=account.display_name,
            ),
            account.display_name,
        )
    return card.name


def scan_person(
    *, activity: Activity, token: str, by: Account, device: str | None = None, now=None
) -> ScanResult:
    """Toggle the scanned volunteer's session at the activity (the coordinator's camera).

    Scope: the coordinator may scan any registered volunteer of the organisation, not only
    those of their own units — commission-level teams draw volunteers from many hospitals.
    What limits a coordinator is the activity (require_run_activity in the view).
    """
    now = now or utc_now()
    code = code_for_token(token, now)
    return toggle_attendance(
        account=code.account,
        activity=activity,
        by=by,
        source=RecordSource.COORDINATOR_SCAN,
        device=device,
        now=now,
    )


def toggle_attendance(
    *,
    account: Account,
    activity: Activity,
    by: Account,
    source: RecordSource,
    device: str | None = None,
    now: datetime | None = None,
) -> ScanResult:
    """Sign the person in if they are out, out if they have been in for a minute or more."""
    now = now or utc_now()
    name = _check_registered(account)
    # A session left open at an activity long over goes to review first, as a sign-in would.
    records.close_forgotten_sign_out_of(account, now)
    current = records_queries.open_session_of(account.id)
    if current is None:
        last = records_queries.last_session_at(account.id, activity.id)
        if last is not None and last.signed_out_at and now - last.signed_out_at < SAME_EVENT:
            return ScanResult(
                Outcome.ALREADY,
                name,
                _("%(name)s 已于%(time)s签退。", name=name, time=_hhmm(last.signed_out_at)),
            )
        return _sign_in(account, activity, name, by=by, source=source, device=device, now=now)
    if current.activity_id != activity.id:
        raise ScanRefused(_open_elsewhere(current, name), name)
    if now - current.signed_in_at < SAME_EVENT:
        return _already_in(current, name)
    return _sign_out(account, activity, name, by=by, now=now)


def sign_in_by_hand(
    *, account: Account, activity: Activity, by: Account, now: datetime | None = None
) -> ScanResult:
    """Sign in a volunteer the coordinator found by name, 工号 or phone."""
    name = _check_registered(account)
    return _sign_in(
        account, activity, name, by=by, source=RecordSource.COORDINATOR_ENTRY, now=now or utc_now()
    )


def sign_out_by_hand(
    *, account: Account, activity: Activity, by: Account, now: datetime | None = None
) -> ScanResult:
    """Sign out a volunteer the coordinator found by name, 工号 or phone."""
    name = _check_registered(account)
    return _sign_out(account, activity, name, by=by, now=now or utc_now())


def _sign_in(
    account: Account,
    activity: Activity,
    name: str,
    *,
    by: Account,
    source: RecordSource,
    now: datetime,
    device: str | None = None,
) -> ScanResult:
    try:
        signed = records.record_sign_in(
            account=account, activity=activity, source=source, by=by, device=device, at=now
        )
    except Conflict as error:
        current = records_queries.open_session_of(account.id)
        if current is not None and current.activity_id != activity.id:
            raise ScanRefused(_open_elsewhere(current, name), name) from error
        raise ScanRefused(_named(name, error.message), name) from error
    except DomainError as error:
        raise ScanRefused(_named(name, error.message), name) from error
    if signed.already:
        return _already_in(signed.record, name)
    return ScanResult(
        Outcome.SIGNED_IN,
        name,
        _("%(name)s 签到成功（%(time)s）。", name=name, time=_hhmm(signed.record.signed_in_at)),
    )


def _sign_out(
    account: Account, activity: Activity, name: str, *, by: Account, now: datetime
) -> ScanResult:
    try:
        record = records.record_sign_out(account=account, activity=activity, by=by, at=now)
    except DomainError as error:
        raise ScanRefused(_named(name, error.message), name) from error
    return ScanResult(Outcome.SIGNED_OUT, name, _signed_out_message(record, name))


def _signed_out_message(record: ServiceRecord, name: str) -> str:
    if records.is_forgotten_sign_out(record):
        return _("%(name)s：签退时间已过，本次签到已交由负责人核实后计算时长。", name=name)
    values = {
        "name": name,
        "time": _hhmm(record.signed_out_at),
        "hours": format_decimal(record.hours),
    }
    if record.status == RecordStatus.NEEDS_REVIEW:
        return _("%(name)s 签退成功（%(time)s），本次%(hours)s小时，待审核。", **values)
    return _("%(name)s 签退成功（%(time)s），本次%(hours)s小时。", **values)


def _already_in(record: ServiceRecord, name: str) -> ScanResult:
    return ScanResult(
        Outcome.ALREADY,
        name,
        _("%(name)s 已于%(time)s签到，无需重复扫码。", name=name, time=_hhmm(record.signed_in_at)),
    )


def _named(name: str, reason: str) -> str:
    return _("%(name)s：%(reason)s", name=name, reason=reason)


def _open_elsewhere(current: ServiceRecord, name: str) -> str:
    return _(
        "%(name)s 正在「%(title)s」签到中（%(time)s签到），需先在该活动签退。",
        name=name,
        title=current.activity.title,
        time=_hhmm(current.signed_in_at),
    )
