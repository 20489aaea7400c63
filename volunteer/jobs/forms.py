"""The form that asks for a records workbook in the background."""

from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import NumberRange, Optional


class RecordsExportForm(FlaskForm):
    """A year (default this year) and a month (0 or none: the whole year)."""

    year = IntegerField(validators=[Optional()])
    month = IntegerField(validators=[Optional(), NumberRange(min=0, max=12)])
