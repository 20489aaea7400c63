"""Forms of the reminders pages: sending a selection its reminders, marking a notice read."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import InputRequired


class SendRemindersForm(FlaskForm):
    """Confirm the reminders; the selection travels in hidden fields the view reads."""


class MarkReadForm(FlaskForm):
    """Mark one notice read."""

    notice_id = IntegerField(validators=[InputRequired()])
