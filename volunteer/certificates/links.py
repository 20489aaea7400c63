"""The public address of a certificate's verification page, which its QR code carries."""

from flask import current_app, has_request_context, url_for


def verify_url(code: str) -> str:
    """Return the verification URL: CERTIFICATE_BASE_URL when set, else this site's address."""
    base = current_app.config.get("CERTIFICATE_BASE_URL")
    if base:
        return f"{str(base).rstrip('/')}/verify/{code}"
    if has_request_context() or current_app.config.get("SERVER_NAME"):
        return url_for("certificates.verify_code", verify_code=code, _external=True)
    return f"http://localhost/verify/{code}"
