"""The banner over a form that came back with mistakes: it names the fields to fix."""

from collections.abc import Mapping

from babel.lists import format_list
from flask import flash
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf import FlaskForm

# Fields nobody sees, whose mistakes a person cannot fix by editing the form.
UNSEEN_FIELDS = frozenset({"CSRFTokenField", "HiddenField"})


def fields_to_fix(form: FlaskForm, short_names: Mapping[str, str] | None = None) -> list[str]:
    """The labels of the form's fields that have errors, in the form's order.

    `short_names` names a field whose label is a whole sentence (a consent box) by its name.
    """
    short_names = short_names or {}
    return [
        str(short_names.get(field.name) or field.label.text)
        for field in form
        if field.errors and field.type not in UNSEEN_FIELDS
    ]


def flash_fields_to_fix(form: FlaskForm, short_names: Mapping[str, str] | None = None) -> None:
    """Flash an error banner naming the fields to fix (请修改以下各项：姓名和手机号)."""
    labels = fields_to_fix(form, short_names)
    if labels:
        named = format_list(labels, locale=str(get_locale() or "zh_Hans_CN"))
        flash(_("请修改以下各项：%(fields)s", fields=named), "error")
    else:
        flash(_("未能提交，请按页面上的提示修改。"), "error")
