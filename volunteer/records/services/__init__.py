"""Changes to service records. Each applies records.rules, is audited, flushes, and leaves the
commit to the caller (the request's edge, or the CLI command).

The package offers the attendance calls other features make (check-in, scanner, demo) by name;
records' own code imports the submodules.
"""

from volunteer.records.services.checks import check_activity_open, check_volunteer
from volunteer.records.services.forgotten import (
    close_forgotten_sign_out_of,
    close_forgotten_sign_outs,
    is_forgotten_sign_out,
    resolve_forgotten_sign_out,
)
from volunteer.records.services.sessions import SignIn, record_sign_in, record_sign_out

__all__ = [
    "SignIn",
    "check_activity_open",
    "check_volunteer",
    "close_forgotten_sign_out_of",
    "close_forgotten_sign_outs",
    "is_forgotten_sign_out",
    "record_sign_in",
    "record_sign_out",
    "resolve_forgotten_sign_out",
]
