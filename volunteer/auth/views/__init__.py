"""The auth pages: signing in and out, one's own devices, the administrators' account pages."""

from volunteer.auth.views import accounts, devices, sign_in  # noqa: F401
