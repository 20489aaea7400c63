"""Filters and globals every template may use."""

from flask import Flask, current_app, request
from flask_login import current_user
from markupsafe import Markup

from volunteer.auth.models import Role
from volunteer.auth.permissions import can, has_role
from volunteer.core.field_aria import aria_attributes, error_ids, hint_id
from volunteer.core.masking import mask_id_card, mask_name, mask_phone
from volunteer.core.navigation import section_of
from volunteer.core.numbers import format_hours, format_per_person
from volunteer.core.times import day_text, hhmm, local_date, local_datetime, local_period
from volunteer.i18n import select_locale, translations
from volunteer.units.queries import organisation_root


def register(app: Flask) -> None:
    """Install the filters and the context processor."""
    app.jinja_env.filters["mask_id_card"] = mask_id_card
    app.jinja_env.filters["mask_phone"] = mask_phone
    app.jinja_env.filters["mask_name"] = mask_name
    app.jinja_env.filters["hours"] = format_hours
    app.jinja_env.filters["per_person"] = format_per_person
    # Every local time on every page is formatted by core/times.py, one way.
    app.jinja_env.filters["local_datetime"] = local_datetime
    app.jinja_env.filters["local_clock"] = hhmm
    app.jinja_env.filters["local_date"] = local_date
    app.jinja_env.filters["day"] = day_text
    app.jinja_env.globals["local_period"] = local_period
    # Translate text a pure module marked with N_; unlike Jinja's _() it never marks it safe.
    app.jinja_env.filters["translate"] = translate
    # _macros/forms.html ties each field to its hint and errors (core/field_aria.py).
    app.jinja_env.globals["field_aria"] = aria_attributes
    app.jinja_env.globals["field_error_ids"] = error_ids
    app.jinja_env.globals["field_hint_id"] = hint_id
    app.jinja_env.globals["aria_current"] = aria_current

    @app.context_processor
    def inject_helpers():
        return {
            "Role": Role,
            "can": lambda role, unit: can(current_user, role, unit),
            "has_role": lambda role: has_role(current_user, role),
            # Only an administrator of the whole tree sets the yearly targets.
            "is_organisation_admin": lambda: can(current_user, Role.ADMIN, organisation_root()),
            "current_locale": select_locale() if request else None,
            "languages": current_app.config["LANGUAGES"],
            "organisation_name": current_app.config["ORGANISATION_NAME"],
        }


def translate(text: str | None) -> str | None:
    """Translate a message a pure module marked with N_ (empty stays empty)."""
    return translations().ugettext(text) if text else text


def aria_current(endpoint: str) -> Markup:
    """` aria-current="page"` on the navigation link of the current page's section, else ''."""
    here = section_of(request.endpoint) if request else None
    return Markup(' aria-current="page"') if here == endpoint else Markup("")
