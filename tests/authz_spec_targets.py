"""Who may see and set the yearly targets."""

from authz import Access

from volunteer.auth.models import Role

SPEC = {
    # Targets bind the whole organisation, so only an administrator of its root may set them;
    # the matrix cannot tell that admin from a hospital's one: test_targets_pages.py checks the 403.
    "targets.index": Access(Role.ADMIN, scoped=False, root_only=True),
    "targets.edit": Access(Role.ADMIN, scoped=False, root_only=True),
}


def fillers(world) -> dict[str, tuple]:
    """Years are no unit's: this year and next both lie within every administrator's reach."""
    from volunteer.clock import local_today

    this_year = local_today().year
    return {"year": (this_year, this_year + 1)}
