"""Who may upload, preview and apply imports; a batch belongs to the unit its uploader manages."""

from authz import Access

from volunteer.auth.models import Role

SPEC = {
    "imports.index": Access(Role.MANAGER, scoped=False),
    "imports.upload": Access(Role.MANAGER, scoped=False),
    # The world's batches are staff rosters uploaded by each hospital's manager.
    "imports.preview": Access(Role.MANAGER),
    "imports.apply": Access(Role.MANAGER),
    # The staff template, for any manager; the units template (administrators only) is
    # checked in test_import_templates.py.
    "imports.template": Access(Role.MANAGER, scoped=False),
}


def fillers(world) -> dict[str, tuple]:
    """Name the staff template on both sides: templates belong to no unit."""
    return {"kind": ("staff", "staff")}
