"""Pages of a unit's people, one person's year, and the breakdowns (routes on progress.bp)."""

from volunteer.progress.views import bp  # noqa: F401
