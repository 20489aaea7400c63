"""Signing in and out by the activity's QR code: the screen, self sign-in, the printed poster."""
