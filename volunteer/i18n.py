"""Locale and time-zone selection for Flask-Babel, and the translations templates look up."""

from flask import Flask, current_app, g, request
from flask_babel import get_locale, get_translations

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


def translations():
    """Return the request's translations, looked up once per request and locale.

    Flask-Babel finds them again for every string (its domain, the locale and the cache key
    each time), about a tenth of a page's rendering. Keyed by the locale object itself, so a
    force_locale block (certificates in another language) gets its own and the page's own
    come back after it.
    """
    if not g:  # outside an application context: Flask-Babel's answer for that
        return get_translations()
    locale = get_locale()
    cached = g.get("_translations_of_locale")
    if cached is None or cached[0] is not locale:
        cached = (locale, get_translations())
        g._translations_of_locale = cached
    return cached[1]


def install_template_gettext(app: Flask) -> None:
    """Give the templates' _(), ngettext(), pgettext() and npgettext() the cached lookup."""
    # Jinja's i18n extension (which Flask-Babel adds) puts this method on the environment.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda text: translations().ugettext(text),
        ngettext=lambda singular, plural, n: translations().ungettext(singular, plural, n),
        newstyle=True,
        pgettext=lambda context, text: translations().upgettext(context, text),
        npgettext=lambda context, singular, plural, n: translations().unpgettext(
            context, singular, plural, n
        ),
    )
