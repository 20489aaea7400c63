"""Writes to registrations: each flushes and audits, and the caller commits."""
