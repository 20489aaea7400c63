"""The certificates pages; importing the modules attaches their routes to the blueprint."""

from volunteer.certificates.views import manage, own, settings, verify

__all__ = ["manage", "own", "settings", "verify"]
