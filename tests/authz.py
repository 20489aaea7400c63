"""The authorization matrix's vocabulary: who may reach each endpoint, and the world it is tried in.

Each feature declares its endpoints in tests/authz_spec_<feature>.py as
    SPEC = {"endpoint": Access(...)}
and may add URL-parameter fillers with
    def fillers(world) -> dict[str, tuple[own_value, other_value]]
test_authorization_matrix.py then tries every rule of the URL map × every role × own or other unit;
an endpoint missing from every SPEC fails the test, so a new route cannot escape the matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

from volunteer.auth.models import Role


@dataclass(frozen=True)
class Access:
    """Who may use an endpoint.

    role None + login False: anyone, even anonymous (public pages).
    role None + login True: any logged-in account.
    role R: accounts holding R (or a role implying it); when `scoped`, only on the unit that
    the URL's object belongs to, so hospital A's manager gets 403 for hospital B's objects.
    root_only: R held on the organisation's root only (yearly targets bind every unit), so a
    hospital's administrator gets 403 too.
    """

    role: Role | None = None
    scoped: bool = True
    login: bool = True
    root_only: bool = False


PUBLIC = Access(role=None, scoped=False, login=False)
LOGIN = Access(role=None, scoped=False, login=True)
