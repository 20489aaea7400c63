"""Reads of service records: each module serves one page or one kind of caller."""
