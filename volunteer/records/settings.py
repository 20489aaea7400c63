"""The rules for hours as this installation sets them (config.py: DAILY_*_REVIEW_HOURS, …)."""

from flask import current_app

from volunteer.records.rules import HourRules


def hour_rules() -> HourRules:
    """Return the rules for hours from the app's settings."""
    return HourRules.from_config(current_app.config)
