"""Access rules of the core and auth blueprints, for the authorization matrix."""

from authz import LOGIN, PUBLIC, Access

from volunteer.auth.models import Role

SPEC = {
    "static": PUBLIC,
    "core.index": LOGIN,
    "core.set_language": PUBLIC,
    "core.healthz": PUBLIC,
    "core.favicon": PUBLIC,
    "auth.login": PUBLIC,
    "auth.logout": PUBLIC,
    "auth.change_password": LOGIN,
    "auth.accounts": Access(Role.ADMIN, scoped=False),
    "auth.create_account": Access(Role.ADMIN, scoped=False),
    "auth.account_detail": Access(Role.ADMIN),
    "auth.grant": Access(Role.ADMIN),
    "auth.revoke": Access(Role.ADMIN),
    "auth.toggle_active": Access(Role.ADMIN),
    "auth.end_account_logins": Access(Role.ADMIN),
    "auth.unlock": Access(Role.ADMIN),
    # One's own devices: the login to end is looked up among one's own, never by scope.
    "auth.devices": LOGIN,
    "auth.end_device_login": LOGIN,
    "auth.end_all_device_logins": LOGIN,
    "audit.log": Access(Role.MANAGER, scoped=False),
    "audit.export": Access(Role.MANAGER, scoped=False),
}


def fillers(world):
    """Static files: any file that ships."""
    return {"filename": ("css/app.css", "css/app.css")}
