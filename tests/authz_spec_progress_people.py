"""Who may see a unit's people, one person's year, and a unit's breakdowns: its managers."""

from authz import Access

from volunteer.auth.models import Role

SPEC = {
    "progress.people": Access(Role.MANAGER),
    # Scoped by the person's unit (or their unit on D of the year asked for).
    "progress.person": Access(Role.MANAGER),
    "progress.breakdown": Access(Role.MANAGER),
}
