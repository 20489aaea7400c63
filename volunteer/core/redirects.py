"""Where a form may send people back to: paths on this site only."""

from urllib.parse import urlsplit

from flask import request


def safe_local_path(target: str | None) -> str | None:
    """Return `target` when it is a path on this site, else None.

    A login link or a form's `next` must not bounce people to another host: browsers read
    `//host`, `/\\host` and `\\\\host` as other sites, so all of them are refused.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(char) < 32 for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def back_to(default: str) -> str:
    """Return to the page the form came from (its `next` field), else `default`."""
    return safe_local_path(request.form.get("next")) or default


def safe_referrer() -> str | None:
    """Return the referring page when it is on this site, for a redirect back to it."""
    referrer = request.referrer
    if not referrer or not referrer.startswith(request.host_url):
        return None
    return safe_local_path("/" + referrer[len(request.host_url) :])
