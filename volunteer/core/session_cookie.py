"""Flask's signed session cookie, with its signing serializer built once instead of twice a request.

Flask builds a new serializer to open the session and another to save it; each build serializes
a test value and derives the keys again (together about 3 % of a scan's CPU in the profile).
The serializer depends only on the secret key and its fallbacks, so it is kept until they change.
"""

from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class SigningOnceSessionInterface(SecureCookieSessionInterface):
    """The standard signed-cookie session, keeping its serializer per secret key."""

    def __init__(self) -> None:
        self._kept: tuple[tuple, URLSafeTimedSerializer | None] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        secrets = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        kept = self._kept
        if kept is None or kept[0] != secrets:
            kept = self._kept = (secrets, super().get_signing_serializer(app))
        return kept[1]
