"""The records pages; importing this package attaches every route to the records blueprint."""

from volunteer.records.views import (  # noqa: F401
    activity,
    corrections,
    detail,
    importing,
    own,
    review,
    rules,
    sign_in_sheet,
)
