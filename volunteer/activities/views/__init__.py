"""The activities pages: organising (organising.py), signing up (signups.py), the catalogue."""

from volunteer.activities.views import catalogue, organising, signups  # noqa: F401
