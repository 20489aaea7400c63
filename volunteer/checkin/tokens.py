"""Signed QR tokens (docs/rules.md §5.4): plain data in, text out, no Flask and no database.

A token names an activity or a person by a random key, never by a database id, and a rotating
token carries its 30-second window number so it stops working 90 s after it was shown. Codes are
made in version 2 (checkin/short_tokens.py: short, uppercase, signature bound to the kind).
Version 1 tokens, `1.<signed payload>`, are still read, so printed posters and badges keep working
until revoked; their activity and personal tokens are signed with different salts, so one can
never pass for the other.

A scan ticket (docs/rules.md §5.5) carries a valid scan through login. It names the device that
scanned by a digest of a random nonce kept in that device's cookie, and the cookie remembers which
account first used each ticket, so a forwarded link works on no other phone and for no one else.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from base64 import urlsafe_b64encode
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache

from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

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
def _signer(secret: str, salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=salt)


@lru_cache(maxsize=16)
def _timed_signer(secret: str, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=salt)


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
    payload = _signer(secret, _SALTS[kind]).dumps([kind, key, number])
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
            kind, key, number = _signer(secret, salt).loads(body)
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


# Tickets carry their own version, `t` so a ticket never reads as a token of some version; the
# unversioned tickets before issue 14 (the first version) were bound to no one.
TICKET_VERSION = "t2"
_TICKET_SALT = "scan-ticket-2"
_UNBOUND_TICKET_SALT = "scan-ticket"
_DEVICE_SALT = "scan-device"
# A phone scanning more codes than this within a ticket's life forgets its oldest binding.
MAX_BINDINGS = 10

TICKET_EXPIRED = N_("扫码已超过有效时间，请重新扫描现场的二维码。")
FORWARDED = N_("此签到链接已绑定到扫码的手机，请用自己的手机扫描现场二维码。")
ANOTHER_ACCOUNT = N_("此签到链接已由另一个账号使用，请用本人账号重新扫描现场二维码。")


def _digest(text: str) -> str:
    return urlsafe_b64encode(hashlib.sha256(text.encode()).digest()[:16]).decode().rstrip("=")


@dataclass(frozen=True)
class Device:
    """The phone a scan was made on: a random nonce kept in its cookie, and which account first
    used each of its tickets (by the ticket's reference)."""

    nonce: str
    accounts: tuple[tuple[str, int], ...] = ()

    @classmethod
    def new(cls) -> Device:
        """Return a device never seen before."""
        return cls(secrets.token_urlsafe(24))

    @property
    def digest(self) -> str:
        """Return what a ticket carries of the nonce: the URL can be forwarded, the cookie not."""
        return _digest(self.nonce)

    def account_of(self, ref: str) -> int | None:
        """Return the account that first used the ticket `ref` on this device, if any."""
        return dict(self.accounts).get(ref)

    def bound(self, ref: str, account_id: int) -> Device:
        """Return this device with the ticket `ref` bound to `account_id`."""
        if self.account_of(ref) is not None:
            return self
        return replace(self, accounts=(*self.accounts, (ref, account_id))[-MAX_BINDINGS:])


@dataclass(frozen=True)
class Ticket:
    """A valid scan, carried through login: which activity, by which kind of code, on which
    device; `ref` names this very ticket."""

    key: str
    kind: str
    number: int
    device: str
    ref: str


def ticket_ref(ticket: str) -> str:
    """Return a short name for a ticket, under which its device remembers who used it."""
    return _digest(ticket)


def make_ticket(secret: str, claims: Claims, device: Device) -> str:
    """Sign a short-lived ticket for a scan on `device`, so logging in may outlast the code."""
    # The random part makes each scan its own ticket, even two in one second on one phone.
    body = _timed_signer(secret, _TICKET_SALT).dumps(
        [claims.key, claims.kind, claims.number, device.digest, secrets.token_urlsafe(6)]
    )
    return f"{TICKET_VERSION}.{body}"


def _is_unbound_ticket(secret: str, ticket: str) -> bool:
    try:
        _timed_signer(secret, _UNBOUND_TICKET_SALT).loads(ticket)
    except BadSignature:
        return False
    return True


def read_ticket(secret: str, ticket: str, max_age_seconds: int) -> Ticket:
    """Verify a scan ticket's signature and age, or raise TokenRefused."""
    version, _, body = (ticket or "").partition(".")
    if version != TICKET_VERSION:
        # A ticket from before tickets were bound may have been forwarded: refuse it like one.
        raise TokenRefused(FORWARDED if _is_unbound_ticket(secret, ticket) else INVALID)
    try:
        key, kind, number, device, _scan = _timed_signer(secret, _TICKET_SALT).loads(
            body, max_age=max_age_seconds
        )
        return Ticket(str(key), str(kind), int(number), str(device), ticket_ref(ticket))
    except SignatureExpired as error:
        raise TokenRefused(TICKET_EXPIRED) from error
    except (BadSignature, ValueError, TypeError) as error:
        raise TokenRefused(INVALID) from error


def admit(ticket: Ticket, device: Device | None, account_id: int | None) -> Device:
    """Check `ticket` is used on the device that scanned it, by the first account that used it
    there; return the device with that account bound, or raise TokenRefused."""
    if device is None or not hmac.compare_digest(device.digest, ticket.device):
        raise TokenRefused(FORWARDED)
    if account_id is None:
        return device
    if device.account_of(ticket.ref) not in (None, account_id):
        raise TokenRefused(ANOTHER_ACCOUNT)
    return device.bound(ticket.ref, account_id)


def dump_device(secret: str, device: Device) -> str:
    """Sign a device for its cookie, so nobody can make up a nonce or change a binding."""
    return _signer(secret, _DEVICE_SALT).dumps(
        [device.nonce, [list(pair) for pair in device.accounts]]
    )


def load_device(secret: str, cookie: str | None) -> Device | None:
    """Return the device a cookie names, or None when it is missing or was tampered with."""
    if not cookie:
        return None
    try:
        nonce, accounts = _signer(secret, _DEVICE_SALT).loads(cookie)
        pairs = tuple((str(ref), int(account_id)) for ref, account_id in accounts)
    except (BadSignature, ValueError, TypeError):
        return None
    return Device(str(nonce), pairs) if isinstance(nonce, str) and nonce else None
