"""Version 2 of the QR tokens: short, uppercase and alphanumeric, for codes read across a hall.

A token is `2` + kind letter + key + number + signature, e.g. `2A` + 20 + 5 + 16 characters:

- the kind letter: A (screen, rotating), S (poster), P (phone, rotating), B (printed badge);
- the key: the random key the token names (activity.token_key, volunteer_code.key; 12 random
  bytes), in base32. It is not secret: only the signature is. No database id is in it;
- the number: the 30-second window (rotating) or the generation (poster), in base 36;
- the signature: HMAC-SHA256 of version, kind, key and number under a key derived from the app's
  secret, truncated to 10 bytes (80 bits), in base32.

Why 80 bits are enough: a forger must guess a signature online, through scans the server rate
limits (PUBLIC_RATE_LIMIT counts refused scans per address). At a million guesses a second for a
year (3·10^13 tries, far beyond any rate limit) the chance of one hit is 3·10^13 / 2^80 ≈ 3·10^-11.
Offline guessing gains nothing: without the secret no guess can be checked.

Every character is in the QR code's alphanumeric set (0-9 A-Z), so a link such as
`HTTP://HOST/S/<token>` is coded at 5.5 bits a character instead of 8: with a 30-character site
address the whole link fits QR version 4 at level M. Pure: no Flask, no database.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

VERSION = "2"
KEY_BYTES = 12
KEY_CHARS = 20  # base32 of 12 bytes, padding dropped
SIGNATURE_BYTES = 10
SIGNATURE_CHARS = 16  # base32 of 10 bytes
MIN_LENGTH = len(VERSION) + 1 + KEY_CHARS + 1 + SIGNATURE_CHARS
MAX_NUMBER_CHARS = 12
_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class Malformed(ValueError):
    """A string that is no version 2 token, or whose signature does not match."""


def compact_key(key: str) -> str | None:
    """Return the key in base32, or None when it is not 12 bytes in URL-safe base64."""
    if len(key) != 16:
        return None
    try:
        raw = base64.urlsafe_b64decode(key)
    except (binascii.Error, ValueError):
        return None
    if len(raw) != KEY_BYTES or base64.urlsafe_b64encode(raw).decode() != key:
        return None
    return base64.b32encode(raw).decode().rstrip("=")


def expand_key(compact: str) -> str:
    """Return the key a base32 key stands for, as the database stores it."""
    try:
        raw = base64.b32decode(compact + "====")
    except (binascii.Error, ValueError) as error:
        raise Malformed(compact) from error
    return base64.urlsafe_b64encode(raw).decode()


def _base36(number: int) -> str:
    if number < 0:
        raise ValueError(number)
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = _DIGITS[digit] + digits
        if not number:
            return digits


def _signature(secret: str, letter: str, key: str, number: str) -> str:
    signing_key = hmac.new(secret.encode(), b"qr-token-2", hashlib.sha256).digest()
    message = f"{VERSION}|{letter}|{key}|{number}".encode()
    digest = hmac.new(signing_key, message, hashlib.sha256).digest()[:SIGNATURE_BYTES]
    return base64.b32encode(digest).decode()


def sign(secret: str, letter: str, key: str, number: int) -> str:
    """Return the token of kind `letter` naming `key`; ValueError when the key cannot be short."""
    compact = compact_key(key)
    if compact is None:
        raise ValueError("the key is not 12 bytes in URL-safe base64")
    digits = _base36(number)
    return f"{VERSION}{letter}{compact}{digits}{_signature(secret, letter, compact, digits)}"


def is_short_token(text: str) -> bool:
    """Say whether `text` claims to be a version 2 token (any case), signed or not."""
    return text[:1] == VERSION and "." not in text and len(text) >= MIN_LENGTH


def verify(secret: str, text: str) -> tuple[str, str, int]:
    """Return (kind letter, key, number) of a version 2 token, or raise Malformed."""
    token = text.strip().upper()
    if not (token.isascii() and token.isalnum() and is_short_token(token)):
        raise Malformed(text)
    if len(token) > MIN_LENGTH - 1 + MAX_NUMBER_CHARS:
        raise Malformed(text)
    letter = token[1]
    compact = token[2 : 2 + KEY_CHARS]
    digits = token[2 + KEY_CHARS : -SIGNATURE_CHARS]
    signature = token[-SIGNATURE_CHARS:]
    if not hmac.compare_digest(signature, _signature(secret, letter, compact, digits)):
        raise Malformed(text)
    return letter, expand_key(compact), int(digits, 36)


def qr_link(url: str) -> str:
    """Return an absolute link with its scheme and host in capitals, so a QR code of a link to a
    short token is all alphanumeric; hosts and schemes ignore case, paths keep theirs."""
    scheme, separator, rest = url.partition("://")
    if not separator:
        return url
    host, slash, path = rest.partition("/")
    return f"{scheme.upper()}://{host.upper()}{slash}{path}"


def token_of(scanned: str) -> str:
    """Return the token a scanned text carries: the text itself, or a link's last path segment."""
    text = scanned.strip()
    if "://" not in text:
        return text
    path = text.split("://", 1)[1].split("?", 1)[0].split("#", 1)[0]
    return path.rstrip("/").rsplit("/", 1)[-1]
