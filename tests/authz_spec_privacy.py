"""Who may reach "my data": any logged-in person, and only ever about themself (no URL names
anyone, so there is no one else's to ask for)."""

from authz import LOGIN

SPEC = {
    "privacy.mine": LOGIN,
    "privacy.download": LOGIN,
}
