"""Signing in and out by QR code: the activity screen, self sign-in, the coordinator's scanner."""
