"""Forms for activities, categories and monthly themes."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import DateTimeLocalInput

from volunteer.clock import local_zone
from volunteer.people.validation import clean_text, fold_width, names_someone

# The value of the theme choice that means "the theme of the start month".
AUTO_THEME = "auto"
NO_THEME = "none"
INPUT_FORMATS = (
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
)


def optional_int(value) -> int | None:
    """Coerce a select's value to an id, the empty choice to None."""
    if value in (None, "", "None"):
        return None
    return int(value)


class LocalDateTimeField(StringField):
    """A local date and time to the minute (datetime-local); its data is an aware UTC moment."""

    widget = DateTimeLocalInput()

    def process_formdata(self, valuelist):
        text = fold_width(valuelist[0] if valuelist else "")
        self.data = None
        if not text:
            return
        for pattern in INPUT_FORMATS:
            try:
                naive = datetime.strptime(text, pattern)
            except ValueError:
                continue
            # Minutes are the unit of the rules: seconds typed by a browser are dropped.
            local = naive.replace(second=0, microsecond=0, tzinfo=local_zone())
            self.data = local.astimezone(UTC)
            return
        raise ValueError(_l("时间格式不正确，例如 2024-03-01 08:30。"))

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return self.data.astimezone(local_zone()).strftime("%Y-%m-%dT%H:%M")


def _name_field(label, message):
    return StringField(
        label, filters=[clean_text], validators=[DataRequired(message), Length(max=100)]
    )


class CategoryForm(FlaskForm):
    """Add or rename a category."""

    name = StringField(
        _l("类别名称"),
        filters=[clean_text],
        validators=[DataRequired(_l("请填写类别名称。")), Length(max=50)],
    )


class ThemeForm(FlaskForm):
    """Set one month's theme."""

    title = _name_field(_l("主题"), _l("请填写主题。"))
    description = TextAreaField(
        _l("说明"), filters=[clean_text], validators=[Optional(), Length(max=2000)]
    )


class CancelActivityForm(FlaskForm):
    """Cancel an activity; volunteers who signed up see the reason."""

    reason = StringField(
        _l("取消原因"),
        filters=[clean_text],
        validators=[DataRequired(_l("请填写取消原因。")), Length(max=500)],
    )


class ActivityForm(FlaskForm):
    """Schedule or change an activity."""

    title = _name_field(_l("活动名称"), _l("请填写活动名称。"))
    category_id = SelectField(
        _l("服务类别"), coerce=optional_int, validators=[InputRequired(_l("请选择服务类别。"))]
    )
    theme = SelectField(_l("月度主题"), default=AUTO_THEME)
    unit_id = SelectField(_l("组织单位"), coerce=int)
    team_id = SelectField(_l("服务队"), coerce=optional_int)
    project_id = SelectField(_l("服务项目"), coerce=optional_int)
    place = StringField(
        _l("地点"),
        filters=[clean_text],
        validators=[DataRequired(_l("请填写地点。")), Length(max=200)],
    )
    starts_at = LocalDateTimeField(
        _l("开始时间"), validators=[InputRequired(_l("请填写开始时间。"))]
    )
    ends_at = LocalDateTimeField(_l("结束时间"), validators=[InputRequired(_l("请填写结束时间。"))])
    capacity = IntegerField(
        _l("人数上限"),
        validators=[Optional(), NumberRange(min=1, message=_l("人数上限至少为 1。"))],
        description=_l("留空表示不限人数；报满后再报名的人进入候补名单。"),
    )
    signup_required = BooleanField(_l("须提前报名（未报名的人不能现场签到）"))
    static_code_allowed = BooleanField(_l("允许打印海报码签到"))
    description = TextAreaField(
        _l("活动内容"), filters=[clean_text], validators=[Optional(), Length(max=5000)]
    )
    contact = StringField(
        _l("联系人及电话"),
        filters=[clean_text],
        validators=[Optional(), Length(max=100)],
        description=_l("姓名和电话，例如：王芳 0571-8700 0000。"),
    )

    def validate_contact(self, field) -> None:
        """Refuse a phone number alone: people ask for someone by name."""
        if field.data and not names_someone(field.data):
            raise ValidationError(_l("请写上联系人的姓名，不只是电话。"))


def theme_choice_value(theme) -> str:
    """Return the theme select's value for a theme (or for none)."""
    return str(theme.id) if theme is not None else NO_THEME
