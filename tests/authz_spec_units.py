"""Who may see the unit tree and who may reshape it."""

from authz import Access

from volunteer.auth.models import Role

SPEC = {
    # The landing tree lists only the caller's scope, so any coordinator may open it.
    "units.overview": Access(Role.COORDINATOR, scoped=False),
    "units.detail": Access(Role.COORDINATOR),
    # The parent is chosen in the form and checked there (403 outside the admin's subtree).
    "units.create": Access(Role.ADMIN, scoped=False),
    "units.edit": Access(Role.ADMIN),
    "units.move": Access(Role.ADMIN),
    "units.retire": Access(Role.ADMIN),
}
