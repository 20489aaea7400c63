"""Who may see progress against the targets: managers, over their own units only."""

from authz import Access

from volunteer.auth.models import Role

SPEC = {
    # Redirects to the caller's own top unit, so any manager may open it.
    "progress.index": Access(Role.MANAGER, scoped=False),
    "progress.unit": Access(Role.MANAGER),
    "progress.unit_json": Access(Role.MANAGER),
    "progress.unit_months_json": Access(Role.MANAGER),
}
