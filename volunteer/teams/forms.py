"""Forms for volunteer teams, their members, and service projects."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from volunteer.activities.models import TeamKind
from volunteer.people.validation import clean_text
from volunteer.units.models import Unit


def _name_field(label, message):
    return StringField(
        label, filters=[clean_text], validators=[DataRequired(message), Length(max=100)]
    )


class TeamForm(FlaskForm):
    """Found or change a volunteer team."""

    name = _name_field(_l("队名"), _l("请填写队名。"))
    kind = SelectField(
        _l("类型"),
        choices=[SelectChoice(kind.value, _l(kind.label)) for kind in TeamKind],
    )
    unit_id = SelectField(_l("所属单位"), coerce=int)
    description = TextAreaField(
        _l("简介"), filters=[clean_text], validators=[Optional(), Length(max=2000)]
    )


class MemberForm(FlaskForm):
    """A member's leader flag and skills."""

    is_leader = BooleanField(_l("队长（可组织本队活动、管理队员）"))
    skills = StringField(
        _l("技能特长"),
        filters=[clean_text],
        validators=[Optional(), Length(max=200)],
        description=_l("例如：急救、心肺复苏、驾驶、心理咨询"),
    )


class AddMemberForm(MemberForm):
    """Add the chosen registered volunteer to a team."""

    account_id = HiddenField(validators=[InputRequired(_l("请选择要添加的志愿者。"))])


class ProjectForm(FlaskForm):
    """Start or change a service project."""

    name = _name_field(_l("项目名称"), _l("请填写项目名称。"))
    unit_id = SelectField(_l("所属单位"), coerce=int)
    description = TextAreaField(
        _l("简介"), filters=[clean_text], validators=[Optional(), Length(max=2000)]
    )


class ReasonForm(FlaskForm):
    """A reason for a change that cannot be undone from the page (disband, close)."""

    reason = StringField(_l("原因"), filters=[clean_text], validators=[Length(max=200)])


def offer_units(field: SelectField, units: list[Unit], current: Unit | None = None) -> None:
    """Offer `units` in a unit select; a team's or project's current unit stays offered."""
    if current is not None and current not in units:
        units = [current, *units]
    field.choices = [(unit.id, unit.name) for unit in units]
