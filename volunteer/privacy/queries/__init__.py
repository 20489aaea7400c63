"""Reads of one person's own data, one statement per kind, never anyone else's rows."""
