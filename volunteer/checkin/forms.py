"""Forms of the check-in pages: the sign-in and sign-out buttons, revoking the posters."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length, Optional

from volunteer.people.validation import clean_text


class ScanConfirmForm(FlaskForm):
    """The 签到 / 签退 button: nothing to fill in, but a POST with a CSRF token."""


class RevokePosterForm(FlaskForm):
    """Revoke every printed poster code of an activity."""

    reason = StringField(_l("原因"), filters=[clean_text], validators=[Optional(), Length(max=200)])
