"""Reminders (催办): notices to the people behind, on their home page and by e-mail."""
