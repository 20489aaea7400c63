"""Who may read the roster and who may change it."""

from authz import Access

from volunteer.auth.models import Role

SPEC = {
    "people.roster": Access(Role.COORDINATOR),
    "people.detail": Access(Role.COORDINATOR),
    "people.add": Access(Role.MANAGER),
    "people.edit": Access(Role.MANAGER),
    "people.leave": Access(Role.MANAGER),
    "people.transfer": Access(Role.MANAGER),
}
