"""The URL a page gives a static file: its content-hashed name when the build holds it."""

from __future__ import annotations

from volunteer.core.static_files import static_url_for


def static_path(filename: str) -> str:
    """Return /static/<filename>, or its hashed copy's path (needs the app's context)."""
    return static_url_for("static", filename=filename, _external=False)
