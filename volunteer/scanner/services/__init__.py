"""Writes for personal codes (codes.py) and the coordinator's scans (scans.py)."""
