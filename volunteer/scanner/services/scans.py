"""The coordinator's scanner: a scanned code or a name found toggles the person's session.

A scan toggles the person's session at the activity through records.services, which owns every
write to records; nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _

from volunteer.activities.models import Activity
from volunteer.auth.models import Account
from volunteer.checkin import tokens
from volunteer.clock import utc_now
from volunteer.core.times import hhmm, local_date
from volunteer.errors import Conflict, DomainError
from volunteer.records import services as records
from volunteer.records.models import RecordSource, RecordStatus, ServiceRecord
from volunteer.records.queries import sessions as records_queries
from volunteer.scanner import queries
from volunteer.scanner.models import CodeKind, VolunteerCode

# docs/rules.md §5.6: two scans of the same person within a minute are one event, not a sign-in and
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

    def as_json(self) -> dict[str, Any]:
        """Return the JSON the scanner page reads: {ok, outcome, name, message}."""
        return {
            "ok": self.outcome != Outcome.REFUSED,
            "outcome": str(self.outcome),
            "name": self.name,
            "message": self.message,
        }


class ScanRefused(DomainError):
    """A scan or entry that records nothing; `name` is the person's when they were recognised.

    The scanner shows a refusal like any other outcome, so the edge answers it with the same
    JSON and 200: the page's log lists it, and 4xx stays for a lost login or CSRF token.
    """

    code = "scan_refused"
    status = 200

    def __init__(self, message: str, name: str = ""):
        super().__init__(message)
        self.name = name

    def result(self) -> ScanResult:
        """Return the refusal as the scanner shows it."""
        return ScanResult(Outcome.REFUSED, self.name, self.message)

    def as_json(self) -> dict[str, Any]:
        return self.result().as_json()


def _token_refused_message(error: tokens.TokenRefused) -> str:
    """Say why a personal code was refused, as the coordinator holding the scanner reads it."""
    if error.message == tokens.EXPIRED:
        return _("个人码已过期：请志愿者刷新“我的签到码”页面后再扫。")
    if error.message == tokens.INVALID:
        return _("无法识别这个二维码：它不是本系统的个人码，或已被改动。")
    return _(error.message)


def code_for_token(token: str, now: datetime) -> VolunteerCode:
    """Return the live code a scanned personal token (or its link) names if the token was valid
    at `now`, or raise ScanRefused saying why; a revoked code is refused whatever `now` says."""
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
                    date=local_date(code.revoked_at),
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
                _("%(name)s 已于%(time)s签退。", name=name, time=hhmm(last.signed_out_at)),
            )
        return _sign_in(account, activity, name, by=by, source=source, device=device, now=now)
    if current.activity_id != activity.id:
        raise ScanRefused(_open_elsewhere(current, name), name)
    if now - current.signed_in_at < SAME_EVENT:
        return _already_in(current, name)
    return _sign_out(account, activity, name, by=by, now=now)


def sign_in_by_hand(
    *,
    account: Account,
    activity: Activity,
    by: Account,
    now: datetime | None = None,
    source: RecordSource = RecordSource.COORDINATOR_ENTRY,
) -> ScanResult:
    """Sign in a volunteer the coordinator found by name, 工号 or phone (or scanned: `source`)."""
    name = _check_registered(account)
    return _sign_in(account, activity, name, by=by, source=source, now=now or utc_now())


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
        _("%(name)s 签到成功（%(time)s）。", name=name, time=hhmm(signed.record.signed_in_at)),
    )


def _sign_out(
    account: Account, activity: Activity, name: str, *, by: Account, now: datetime
) -> ScanResult:
    try:
        record = records.record_sign_out(account=account, activity=activity, by=by, at=now)
    except DomainError as error:
        raise ScanRefused(_named(name, error.message), name) from error
    return ScanResult(Outcome.SIGNED_OUT, name, signed_out_message(record, name))


def signed_out_message(record: ServiceRecord, name: str) -> str:
    """Tell the coordinator how the sign-out went: hours, review, or a forgotten sign-out."""
    if records.is_forgotten_sign_out(record):
        return _("%(name)s：签退时间已过，本次签到已交由负责人核实后计算时长。", name=name)
    values = {
        "name": name,
        "time": hhmm(record.signed_out_at),
        "hours": format_decimal(record.hours),
    }
    if record.status == RecordStatus.NEEDS_REVIEW:
        return _("%(name)s 签退成功（%(time)s），本次%(hours)s小时，待审核。", **values)
    return _("%(name)s 签退成功（%(time)s），本次%(hours)s小时。", **values)


def _already_in(record: ServiceRecord, name: str) -> ScanResult:
    return ScanResult(
        Outcome.ALREADY,
        name,
        _("%(name)s 已于%(time)s签到，无需重复扫码。", name=name, time=hhmm(record.signed_in_at)),
    )


def _named(name: str, reason: str) -> str:
    return _("%(name)s：%(reason)s", name=name, reason=reason)


def _open_elsewhere(current: ServiceRecord, name: str) -> str:
    return _(
        "%(name)s 正在「%(title)s」签到中（%(time)s签到），需先在该活动签退。",
        name=name,
        title=current.activity.title,
        time=hhmm(current.signed_in_at),
    )
