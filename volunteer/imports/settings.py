"""The import limits of the running app, from its settings (IMPORT_MAX_*)."""

from flask import current_app

from volunteer.imports.limits import FileLimits


def upload_limits() -> FileLimits:
    """Return how much an import file may hold under this app's settings."""
    return FileLimits.from_config(current_app.config)
