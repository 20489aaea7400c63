"""Forms for the administrators' unit-tree pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from volunteer.people.forms import LocalDateField
from volunteer.people.validation import clean_text, fold_identifier
from volunteer.units.models import UnitKind

KIND_CHOICES = [SelectChoice(str(kind), _l(kind.label)) for kind in UnitKind]


class EditUnitForm(FlaskForm):
    """Rename a unit or change its kind; its code never changes."""

    name = StringField(
        _l("名称"),
        filters=[clean_text],
        validators=[DataRequired(_l("请填写名称。")), Length(max=100)],
    )
    kind = SelectField(_l("类型"), choices=KIND_CHOICES)


class CreateUnitForm(EditUnitForm):
    """Add a unit under a parent the administrator controls."""

    parent_code = StringField(
        _l("上级单位编码"),
        filters=[fold_identifier],
        validators=[DataRequired(_l("请填写上级单位编码。")), Length(max=32)],
    )
    code = StringField(
        _l("单位编码"),
        filters=[fold_identifier],
        validators=[DataRequired(_l("请填写单位编码。")), Length(max=32)],
    )


class MoveUnitForm(FlaskForm):
    """Hang a unit and its subtree under another parent."""

    parent_code = StringField(
        _l("新的上级单位编码"),
        filters=[fold_identifier],
        validators=[DataRequired(_l("请填写新的上级单位编码。")), Length(max=32)],
    )
    reason = StringField(_l("原因"), filters=[clean_text], validators=[Optional(), Length(max=200)])


class RetireUnitForm(FlaskForm):
    """Retire a unit from a date."""

    retired_on = LocalDateField(_l("撤销日期"), validators=[InputRequired(_l("请填写日期。"))])
    reason = StringField(_l("原因"), filters=[clean_text], validators=[Optional(), Length(max=200)])
