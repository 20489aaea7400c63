"""Writes for certificates: issuing (and superseding), revoking, the yearly settings."""
