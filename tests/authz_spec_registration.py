"""Who may reach the registration pages."""

from authz import LOGIN, PUBLIC, Access

from volunteer.auth.models import Role

SPEC = {
    # The unit's public link, its QR image and the "waiting for a manager" page.
    "registration.register": PUBLIC,
    "registration.submitted": PUBLIC,
    "registration.qr_svg": PUBLIC,
    "registration.me": LOGIN,
    "registration.poster": Access(Role.MANAGER),
    "registration.pending": Access(Role.MANAGER, scoped=False),
    "registration.approve": Access(Role.MANAGER),
    "registration.reject": Access(Role.MANAGER),
    "registration.import_national": Access(Role.MANAGER, scoped=False),
}
