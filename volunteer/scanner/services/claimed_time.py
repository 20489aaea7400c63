"""Whether a queued scan's time can be trusted: the code at the claimed time, the device clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _

from volunteer.checkin import tokens
from volunteer.scanner.models import VolunteerCode
from volunteer.scanner.services.scans import ScanRefused, code_for_token

# Further off than this, the device's times are doubted: the scan goes to review.
CLOCK_TOLERANCE = timedelta(minutes=5)
# A rotating token's own window, read back with no limit of age (see code_valid_at).
_LATER_THAN_ANY_WINDOW = datetime(9999, 1, 1, tzinfo=UTC)
_ANY_AGE = 10**12


def code_valid_at(token: str, at: datetime) -> tuple[VolunteerCode, bool]:
    """Return the live code a scanned token names, and whether the token was valid at `at`.

    The one place the offline queue verifies a code, so a new token format swaps in here. A
    token that is authentic and names a live code but was shown at another time than `at`
    (a phone showing a code from before the outage, a device clock off) is not refused: the
    scan is recorded and reviewed. A forged, unknown or revoked code raises ScanRefused.
    """
    try:
        return code_for_token(token, at), True
    except ScanRefused:
        shown_at = _shown_at(token)
        if shown_at is None:
            raise
    return code_for_token(token, shown_at), False


def _shown_at(token: str) -> datetime | None:
    """Return the start of a valid rotating personal token's own window, or None."""
    config = current_app.config
    rotate = config["QR_ROTATE_SECONDS"]
    try:
        claims = tokens.read_token(
            config["SECRET_KEY"],
            token,
            kinds=tokens.PERSON_KINDS,
            now=_LATER_THAN_ANY_WINDOW,
            rotate_seconds=rotate,
            accept_seconds=_ANY_AGE,
        )
    except tokens.TokenRefused:
        return None
    if claims.is_static:
        return None
    return datetime.fromtimestamp(claims.number * rotate, UTC)


def doubt(offset: timedelta, in_window: bool) -> str | None:
    """Say why the scan's time is doubted, or None when it is not."""
    if abs(offset) > CLOCK_TOLERANCE:
        minutes = round(abs(offset).total_seconds() / 60)
        return _("设备时钟与服务器相差%(minutes)d分钟，已交审核。", minutes=minutes)
    if not in_window:
        return _("扫码时间不在该个人码的有效期内，已交审核。")
    return None
