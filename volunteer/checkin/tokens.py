"""Signed QR tokens (docs/rules.md §5.4): plain data in, text out, no Flask and no database.

A token names an activity or a person by a random key, never by a database id, and a rotating
token carries its 30-second window number so it stops working 90 s after it was shown. Codes are
made in version 2 (checkin/short_tokens.py: short, uppercase, signature bound to the kind).
Version 1 tokens, `1.<signed payload>`, are still read, so printed posters and badges keep working
until revoked; their activity and personal tokens are signed with different salts, so one can
never pass for the other.

Scan tickets, which carry a valid scan through login, are checkin/scan_tickets.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from itsdangerous import BadSignature, URLSafeSerializer

from volunteer.checkin import short_tokens
from volunteer.texts import N_

VERSION = short_tokens.VERSION
LEGACY_VERSION = "1"

ACTIVITY_ROTATING = "a"
ACTIVITY_STATIC = "s"
PERSON_ROTATING = "p"
PERSON_BADGE = "b"

_SALTS = {
    ACTIVITY_ROTATING: "activity-code",
    ACTIVITY_STATIC: "activity-code",
    PERSON_ROTATING: "personal-code",
    PERSON_BADGE: "personal-code",
}
_LETTERS = {ACTIVITY_ROTATING: "A", ACTIVITY_STATIC: "S", PERSON_ROTATING: "P", PERSON_BADGE: "B"}
_KIND_OF_LETTER = {letter: kind for kind, letter in _LETTERS.items()}
ACTIVITY_KINDS = frozenset({ACTIVITY_ROTATING, ACTIVITY_STATIC})
PERSON_KINDS = frozenset({PERSON_ROTATING, PERSON_BADGE})


# Serializers are built once per secret and salt: building one serializes a test value to learn
# its kind and derives its keys, work the scan, the page and each POST repeated for nothing.
@lru_cache(maxsize=16)
def signer(secret: str, salt: str) -> URLSafeSerializer:
    """Return the serializer signing with `secret` and `salt`, built once."""
    return URLSafeSerializer(secret, salt=salt)


class TokenRefused(Exception):
    """A token that must not be honoured; `message` is a msgid (N_) shown to the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


INVALID = N_("二维码无效或已被篡改，请扫描现场屏幕上的签到码。")
EXPIRED = N_("二维码已过期，请重新扫描屏幕上最新的二维码。")
OLD_VERSION = N_("二维码版本已停用，请扫描现场最新的二维码。")
NOT_AN_ACTIVITY_CODE = N_("这不是活动签到码，请扫描活动现场屏幕上的二维码。")
NOT_A_PERSONAL_CODE = N_("这不是志愿者个人码。")


@dataclass(frozen=True)
class Claims:
    """What a valid token says: its kind, the key it names and its window or generation."""

    kind: str
    key: str
    number: int

    @property
    def is_static(self) -> bool:
        return self.kind in (ACTIVITY_STATIC, PERSON_BADGE)


def window_of(now: datetime, rotate_seconds: int) -> int:
    """Return the number of the rotation window `now` falls in."""
    return int(now.timestamp()) // rotate_seconds


def seconds_left(now: datetime, rotate_seconds: int) -> int:
    """Return the seconds until the next rotation, for the screen's countdown."""
    return rotate_seconds - int(now.timestamp()) % rotate_seconds


def make_token(secret: str, kind: str, key: str, number: int) -> str:
    """Sign a token of `kind` naming `key`: version 2 when the key allows (every key the app
    makes), else 1; `number` is the window (rotating) or generation."""
    try:
        return short_tokens.sign(secret, _LETTERS[kind], key, number)
    except ValueError:
        return legacy_token(secret, kind, key, number)


def legacy_token(secret: str, kind: str, key: str, number: int) -> str:
    """Sign a version 1 token, as posters and badges printed before version 2 carry."""
    payload = signer(secret, _SALTS[kind]).dumps([kind, key, number])
    return f"{LEGACY_VERSION}.{payload}"


def activity_token(secret: str, key: str, now: datetime, rotate_seconds: int) -> str:
    """Return the activity's rotating token for the window `now` falls in."""
    return make_token(secret, ACTIVITY_ROTATING, key, window_of(now, rotate_seconds))


def poster_token(secret: str, key: str, generation: int) -> str:
    """Return the activity's static poster token; a new generation revokes the old posters."""
    return make_token(secret, ACTIVITY_STATIC, key, generation)


def personal_token(secret: str, key: str, now: datetime, rotate_seconds: int) -> str:
    """Return a volunteer's rotating personal token for the window `now` falls in."""
    return make_token(secret, PERSON_ROTATING, key, window_of(now, rotate_seconds))


def badge_token(secret: str, key: str) -> str:
    """Return a printed badge's static token; revoking the badge's key kills it."""
    return make_token(secret, PERSON_BADGE, key, 0)


def _verified_claims(secret: str, body: str) -> Claims:
    """Check the signature under each salt; the kind inside must belong to the salt that signed."""
    for salt in sorted(set(_SALTS.values())):
        try:
            kind, key, number = signer(secret, salt).loads(body)
        except BadSignature:
            continue
        except (ValueError, TypeError):
            break
        if _SALTS.get(kind) == salt and isinstance(number, int):
            return Claims(str(kind), str(key), number)
        break
    raise TokenRefused(INVALID)


def read_token(
    secret: str,
    token: str,
    *,
    kinds: frozenset[str],
    now: datetime,
    rotate_seconds: int,
    accept_seconds: int,
) -> Claims:
    """Verify a scanned token, or a link ending in one: its claims, or TokenRefused saying why."""
    token = short_tokens.token_of(token or "")
    version, _, body = token.partition(".")
    if short_tokens.is_short_token(token):
        try:
            letter, key, number = short_tokens.verify(secret, token)
            claims = Claims(_KIND_OF_LETTER[letter], key, number)
        except (short_tokens.Malformed, KeyError):
            raise TokenRefused(INVALID) from None
    elif not body:
        raise TokenRefused(INVALID)
    elif version != LEGACY_VERSION:
        raise TokenRefused(OLD_VERSION if version.isdigit() else INVALID)
    else:
        claims = _verified_claims(secret, body)
    if claims.kind not in kinds:
        wanted_activity = bool(kinds & ACTIVITY_KINDS)
        raise TokenRefused(NOT_AN_ACTIVITY_CODE if wanted_activity else NOT_A_PERSONAL_CODE)
    if claims.kind in (ACTIVITY_ROTATING, PERSON_ROTATING):
        shown_at = claims.number * rotate_seconds
        age = now.timestamp() - shown_at
        # A window a little in the future is another process's clock, not a forgery.
        if age > accept_seconds or age < -rotate_seconds:
            raise TokenRefused(EXPIRED)
    return claims
