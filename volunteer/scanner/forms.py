"""Badge forms: issue badges to the ticked volunteers, revoke one with an optional reason."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField
from wtforms.validators import Length

from volunteer.people.validation import normalise_text


class IssueBadgesForm(FlaskForm):
    """The ticked volunteers of the badges page; the view keeps only those in the unit's scope."""

    # The page lists one page of a possibly large subtree, so the ids are checked against the
    # scope by the query, not against a list of choices built here.
    account = SelectMultipleField(_l("志愿者"), coerce=int, validate_choice=False)


class RevokeBadgeForm(FlaskForm):
    """Revoke one printed badge (lost, or its holder left)."""

    reason = StringField(
        _l("作废原因（可不填）"), filters=[normalise_text], validators=[Length(max=200)]
    )
