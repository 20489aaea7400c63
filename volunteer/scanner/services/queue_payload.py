"""The device's queue of scans as the scanner page sends it: read, or refused as a whole."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask_babel import gettext as _

from volunteer.errors import DomainError
from volunteer.scanner.models import ScanAction

MAX_SCANS = 200


class BatchRefused(DomainError):
    """A queue the server cannot read: nothing of it is recorded."""

    code = "batch_refused"
    status = 400


@dataclass(frozen=True)
class QueuedScan:
    """One scan as the device kept it."""

    device_scan_id: str
    token: str
    action: ScanAction
    scanned_at: datetime
    offline: bool = False  # kept while the device was offline, or after a failed sending


def _malformed() -> BatchRefused:
    return BatchRefused(_("扫码队列格式有误，无法读取。"))


def _moment(milliseconds: Any) -> datetime:
    """Read a moment the page sends as milliseconds since 1970 (JavaScript's Date.now())."""
    if isinstance(milliseconds, bool) or not isinstance(milliseconds, int | float):
        raise _malformed()
    try:
        return datetime.fromtimestamp(milliseconds / 1000, UTC)
    except (OverflowError, OSError, ValueError) as error:
        raise _malformed() from error


def _scan(item: Any) -> QueuedScan:
    if not isinstance(item, dict):
        raise _malformed()
    scan_id, token, action = item.get("id"), item.get("token"), item.get("action")
    if not isinstance(scan_id, str) or not 8 <= len(scan_id) <= 64 or not scan_id.isascii():
        raise _malformed()
    if not isinstance(token, str) or not isinstance(action, str) or action not in set(ScanAction):
        raise _malformed()
    at = _moment(item.get("at"))
    return QueuedScan(scan_id, token[:500], ScanAction(action), at, item.get("offline") is True)


def read_queue(payload: Any) -> tuple[list[QueuedScan], datetime]:
    """Read the page's JSON {device_now, scans: [{id, token, action, at, offline}]}, times in
    milliseconds; return the scans and the device's time when it sent them."""
    if not isinstance(payload, dict) or not isinstance(payload.get("scans"), list):
        raise _malformed()
    if len(payload["scans"]) > MAX_SCANS:
        raise BatchRefused(_("一次最多上传%(count)d条扫码记录。", count=MAX_SCANS))
    return [_scan(item) for item in payload["scans"]], _moment(payload.get("device_now"))
