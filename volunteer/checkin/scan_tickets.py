"""Scan tickets (docs/rules.md §5.5): plain data in, text out, no Flask and no database.

A ticket carries a valid scan through login. It names the device that scanned by a digest of a
random nonce kept in that device's cookie, and the cookie remembers which account first used
each ticket, so a forwarded link works on no other phone and for no one else.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from base64 import urlsafe_b64encode
from dataclasses import dataclass, replace
from functools import lru_cache

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from volunteer.checkin.tokens import INVALID, Claims, TokenRefused, signer
from volunteer.texts import N_

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


@lru_cache(maxsize=16)
def _timed_signer(secret: str, salt: str) -> URLSafeTimedSerializer:
    """Return the timed serializer signing with `secret` and `salt`, built once (tokens.signer)."""
    return URLSafeTimedSerializer(secret, salt=salt)


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
    return signer(secret, _DEVICE_SALT).dumps(
        [device.nonce, [list(pair) for pair in device.accounts]]
    )


def load_device(secret: str, cookie: str | None) -> Device | None:
    """Return the device a cookie names, or None when it is missing or was tampered with."""
    if not cookie:
        return None
    try:
        nonce, accounts = signer(secret, _DEVICE_SALT).loads(cookie)
        pairs = tuple((str(ref), int(account_id)) for ref, account_id in accounts)
    except (BadSignature, ValueError, TypeError):
        return None
    return Device(str(nonce), pairs) if isinstance(nonce, str) and nonce else None
