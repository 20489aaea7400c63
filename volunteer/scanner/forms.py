"""Badge forms: issue badges to the ticked volunteers, revoke one with an optional reason."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectMultipleField, StringField
from wtforms.validators import Length

from volunteer.people.validation import clean_text


class IssueBadgesForm(FlaskForm):
    """The ticked volunteers of the badges page; the view keeps only those in the unit's scope."""

    # The page lists one page of a possibly large subtree, so the ids are checked against the
    # scope by the query, not against a list of choices built here.
    account = SelectMultipleField(_l("志愿者"), coerce=int, validate_choice=False)


class RevokeBadgeForm(FlaskForm):
    """Revoke one printed badge (lost, or its holder left)."""

    reason = StringField(
        _l("作废原因（可不填）"), filters=[clean_text], validators=[Length(max=200)]
    )


class PersonalScanForm(FlaskForm):
    """The one 签到 or 签退 button under a scanned personal code: a POST with a CSRF token."""


class ChooseActivityForm(FlaskForm):
    """Choose the activity scanned people are signed in to on this phone; `next` leads back."""

    next = HiddenField()
