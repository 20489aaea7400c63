"""Who may reach the installable scanner's files and the queue of scans a device kept offline.

`activity_id` comes from the activities spec's fillers; this module adds the icon's `size`.
"""

from authz import PUBLIC, Access

from volunteer.auth.models import Role

SPEC = {
    # Files a browser fetches without cookies (manifest, icons) or before login (the worker):
    # they hold no one's data.
    "scanner.service_worker": PUBLIC,
    "scanner.manifest": PUBLIC,
    "scanner.icon": PUBLIC,
    # The device's queue: whoever runs the activity, like the scanner page itself.
    "scanner.queue_ticket": Access(Role.COORDINATOR),
    "scanner.receive_queue": Access(Role.COORDINATOR),
}


def fillers(world) -> dict[str, tuple]:
    """Both sizes the manifest names."""
    return {"size": (192, 512)}
