"""Writes for activities (activities.py), sign-ups (signups.py), categories and themes.

The activity and sign-up writes are re-exported for callers that schedule and fill activities
together (the demo); the submodules import nothing from this package, so there is no cycle.
"""

from volunteer.activities.services.activities import (
    ActivityDetails,
    cancel_activity,
    create_activity,
    update_activity,
)
from volunteer.activities.services.signups import sign_up, withdraw

__all__ = [
    "ActivityDetails",
    "cancel_activity",
    "create_activity",
    "sign_up",
    "update_activity",
    "withdraw",
]
