"""Exports for reporting to the level above: .xlsx summaries, people and records, and .csv."""
