"""The commendation pages; importing this package attaches every route to the blueprint."""

from volunteer.commendation.views import campaigns, final, nominations, notice  # noqa: F401
