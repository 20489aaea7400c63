"""Filters and globals every template may use."""

from flask import Flask, current_app, request
from flask_babel import gettext
from flask_login import current_user

from volunteer.auth.models import Role
from volunteer.auth.permissions import can, has_role
from volunteer.core.masking import mask_id_card, mask_name, mask_phone
from volunteer.core.numbers import format_hours, format_per_person
from volunteer.i18n import select_locale
from volunteer.units.queries import organisation_root


def audit_value(value, field: str = "") -> str:
    """Show one before/after value of the audit log; ID numbers stay masked."""
    if value is None or value == "":
        return "—"
    if field == "id_card":
        return mask_id_card(str(value))
    return str(value)


def register(app: Flask) -> None:
    """Install the filters and the context processor."""
    app.jinja_env.filters["mask_id_card"] = mask_id_card
    app.jinja_env.filters["mask_phone"] = mask_phone
    app.jinja_env.filters["mask_name"] = mask_name
    app.jinja_env.filters["audit_value"] = audit_value
    app.jinja_env.filters["hours"] = format_hours
    app.jinja_env.filters["per_person"] = format_per_person
    # Translate text a pure module marked with N_; unlike Jinja's _() it never marks it safe.
    app.jinja_env.filters["translate"] = lambda text: gettext(text) if text else text

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
