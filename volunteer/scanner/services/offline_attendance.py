"""An offline scan's sign-in or sign-out at its claimed time, in the scanner's words."""

from __future__ import annotations

from flask_babel import gettext as _

from volunteer.activities.models import Activity
from volunteer.auth.models import Account
from volunteer.core.times import hhmm
from volunteer.errors import Conflict, DomainError
from volunteer.records import services as records
from volunteer.records.models import RecordSource, ServiceRecord
from volunteer.records.queries import sessions as records_queries
from volunteer.records.rules import ReviewReason
from volunteer.scanner.services import scans
from volunteer.scanner.services.queue_payload import QueuedScan
from volunteer.scanner.services.scans import ScanRefused


class NotSignedIn(ScanRefused):
    """A sign-out with no open session to close: held until its sign-in arrives."""


def person_name(account: Account) -> str:
    """The roster name of the scanned person, or the account's name."""
    staff = account.staff_member
    return staff.name if staff is not None else account.display_name


def sign_in(
    account: Account,
    activity: Activity,
    name: str,
    scan: QueuedScan,
    by: Account,
    device: str | None,
) -> tuple[ServiceRecord | None, str]:
    """Open the person's session at the scan's time; None with "already" when one is open."""
    try:
        signed = records.record_sign_in(
            account=account,
            activity=activity,
            source=RecordSource.COORDINATOR_SCAN,
            by=by,
            device=device,
            at=scan.scanned_at,
        )
    except DomainError as error:
        raise ScanRefused(
            _("%(name)s：%(reason)s", name=name, reason=error.message), name
        ) from error
    when = hhmm(signed.record.signed_in_at)
    if signed.already:
        return None, _("%(name)s 已于%(time)s签到，无需重复扫码。", name=name, time=when)
    return signed.record, _("%(name)s 签到成功（%(time)s）。", name=name, time=when)


def sign_out(
    account: Account,
    activity: Activity,
    name: str,
    scan: QueuedScan,
    by: Account,
    doubted: bool,
) -> tuple[ServiceRecord | None, str]:
    """Close the person's session at the scan's time (for review when `doubted`); None with
    "already" when it was closed; NotSignedIn when there is none to close."""
    session = records_queries.open_session_of(account.id)
    if session is None or session.activity_id != activity.id:
        last = records_queries.last_session_at(account.id, activity.id)
        if last is not None and last.signed_out_at is not None:
            when = hhmm(last.signed_out_at)
            return None, _("%(name)s 已于%(time)s签退。", name=name, time=when)
        raise NotSignedIn(
            _(
                "%(name)s 在本活动还没有签到记录：这次签退已保留，签到记录从其他设备上传后"
                "自动补上，否则不计时长。",
                name=name,
            ),
            name,
        )
    if doubted:
        session.review_reason = ReviewReason.OFFLINE_CLOCK
    try:
        record = records.record_sign_out(
            account=account, activity=activity, by=by, at=scan.scanned_at
        )
    except Conflict as error:
        return None, _("%(name)s：%(reason)s", name=name, reason=error.message)
    except DomainError as error:
        raise ScanRefused(
            _("%(name)s：%(reason)s", name=name, reason=error.message), name
        ) from error
    return record, scans.signed_out_message(record, name)
