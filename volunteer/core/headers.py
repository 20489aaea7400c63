"""The headers on every answer: a strict content policy, no framing, and no copies kept of pages."""

from __future__ import annotations

from flask import Flask, Response, request

# Self only. Pages load the project's ES modules, vendor bundles and stylesheets from /static;
# QR codes are data: images; charts draw on a canvas. 'wasm-unsafe-eval' lets the scanner compile
# its ZXing decoder (WebAssembly) and allows no eval of JavaScript. A style set from a script
# (element.style) is allowed; a style="" attribute or a <style> block is refused.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

# A PDF shown in the browser (an activity's poster) is drawn by the browser's own viewer. Older
# Chromium cores, common on office PCs (360, QQ browsers), build that viewer as a page that styles
# itself inline and embeds the file, and show it blank under the page policy. It holds no scripts
# of ours: it only must not be framed.
DOCUMENT_POLICY = "frame-ancestors 'none'"

HEADERS = {
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "X-Content-Type-Options": "nosniff",
    # Pages of this site still tell it where a form came from: a refused form is sent back there
    # (core/edge.py); other sites learn nothing, not even the host.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(self), microphone=(), geolocation=()",
}

# A year. No includeSubDomains: other hosts on a hospital's intranet may still be plain http.
STRICT_TRANSPORT_SECURITY = "max-age=31536000"


def install(app: Flask) -> None:
    """Add the security and caching headers to every answer of `app`."""
    app.after_request(add_headers)


def add_headers(response: Response) -> Response:
    """Set the content policy, the browser protections and the caching rule on `response`."""
    policy = DOCUMENT_POLICY if response.mimetype == "application/pdf" else CONTENT_SECURITY_POLICY
    response.headers["Content-Security-Policy"] = policy
    response.headers.update(HEADERS)
    # request.is_secure follows X-Forwarded-Proto only behind ProxyFix (PROXY_HOPS): a forged
    # header on a plain-http server cannot make the browser insist on https.
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY
    keep_off_shared_computers(response)
    return response


def keep_off_shared_computers(response: Response) -> None:
    """Forbid keeping a copy of any answer the app generates, unless its view made it public.

    Office PCs are shared: a page, a download or a JSON answer may hold someone's personal data,
    and Back after logging out must not show it again. This covers anonymous answers too (a
    registration form sent back with what was typed, a sign-in ticket's page). The static files
    (styles, scripts, the decoder) stay cacheable, revalidated by their ETag.
    """
    if request.endpoint == "static" or response.cache_control.public:
        return
    response.cache_control.no_store = True
