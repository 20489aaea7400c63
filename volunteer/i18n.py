"""Locale and time-zone selection for Flask-Babel."""

from flask import current_app, request

LOCALE_COOKIE = "locale"


def select_locale() -> str:
    """Use the language the person chose (a cookie), else the deployment's default: Chinese."""
    chosen = request.cookies.get(LOCALE_COOKIE) if request else None
    if chosen is not None and chosen in current_app.config["LANGUAGES"]:
        return chosen
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def select_timezone() -> str:
    """Show every time in the organisation's time zone, whoever is looking."""
    return str(current_app.config["TIMEZONE"])
