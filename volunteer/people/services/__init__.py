"""Writes to the roster: each flushes and audits, and the caller commits."""
