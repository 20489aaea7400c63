"""The check-in pages: the scan and self sign-in (scan.py), the poster, the screen at the door,
and signing everyone out at the end (closing.py)."""

from volunteer.checkin.views import closing, poster, scan, screen  # noqa: F401
