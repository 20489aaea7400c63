"""Roster forms; fields are normalised and checked by people.validation, exactly as imports are."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import DateInput, EmailInput, TelInput

from volunteer.people.models import EmploymentStatus
from volunteer.people.validation import (
    clean_text,
    email_problem,
    fold_identifier,
    id_card_problem,
    is_valid_phone,
    normalise_email,
    normalise_phone,
    parse_date,
    trim_name,
)

# The common values of 政治面貌; a value imported from elsewhere is kept as an extra choice.
POLITICAL_STATUSES = ["中共党员", "中共预备党员", "共青团员", "民主党派", "无党派人士", "群众"]
# Stored in Chinese (reports and imports use these words); shown in the reader's language.
POLITICAL_LABELS = {
    "中共党员": _l("中共党员"),
    "中共预备党员": _l("中共预备党员"),
    "共青团员": _l("共青团员"),
    "民主党派": _l("民主党派"),
    "无党派人士": _l("无党派人士"),
    "群众": _l("群众"),
}


def _status_choice(status: EmploymentStatus) -> SelectChoice:
    return SelectChoice(str(status), _l(status.label))


class LocalDateField(StringField):
    """A typed or picked date, in every format the imports accept (2024-03-01, 2024年3月1日)."""

    widget = DateInput()

    def process_formdata(self, valuelist):
        text = valuelist[0] if valuelist else ""
        self.data = parse_date(text)
        if fold_identifier(text) and self.data is None:
            raise ValueError(_l("日期格式不正确，例如 2024-03-01。"))

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self.data.isoformat() if self.data else ""


def _valid_phone(form, field: Field) -> None:
    if field.data and not is_valid_phone(field.data):
        raise ValidationError(_l("请填写 11 位手机号或带区号的固定电话。"))


def _valid_email(form, field: Field) -> None:
    problem = field.data and email_problem(field.data)
    if problem:
        raise ValidationError(_(problem))


def _valid_id_card(form, field: Field) -> None:
    problem = field.data and id_card_problem(field.data)
    if problem:
        raise ValidationError(_(problem))


def _political_choices(current: str | None = None) -> list[SelectChoice]:
    values = list(POLITICAL_STATUSES)
    if current and current not in values:
        values.append(current)
    labels = {value: POLITICAL_LABELS.get(value, value) for value in values}
    return [SelectChoice("", _l("（未填写）")), *(SelectChoice(v, labels[v]) for v in values)]


class StaffForm(FlaskForm):
    """Add a person to a unit's roster."""

    name = StringField(
        _l("姓名"),
        filters=[trim_name],
        validators=[DataRequired(_l("请填写姓名。")), Length(max=50)],
    )
    staff_no = StringField(
        _l("工号"),
        filters=[fold_identifier],
        validators=[DataRequired(_l("请填写工号。")), Length(max=32)],
    )
    unit_id = SelectField(_l("所在科室 / 单位"), coerce=int)
    gender = SelectField(
        _l("性别"),
        choices=[
            SelectChoice("", _l("（未填写）")),
            SelectChoice("男", _l("男")),
            SelectChoice("女", _l("女")),
        ],
    )
    phone = StringField(
        _l("手机号"), filters=[normalise_phone], widget=TelInput(), validators=[_valid_phone]
    )
    email = StringField(
        _l("邮箱"), filters=[normalise_email], widget=EmailInput(), validators=[_valid_email]
    )
    id_card = StringField(
        _l("身份证号"), filters=[fold_identifier], validators=[Optional(), _valid_id_card]
    )
    political_status = SelectField(_l("政治面貌"), choices=_political_choices())
    hired_on = LocalDateField(_l("入职日期"), validators=[Optional()])

    def fields_for_service(self) -> dict:
        """Return the person's fields as the roster services take them."""
        return {
            "name": self.name.data,
            "staff_no": self.staff_no.data,
            "phone": self.phone.data,
            "email": self.email.data,
            "gender": self.gender.data,
            "id_card": self.id_card.data,
            "political_status": self.political_status.data,
            "hired_on": self.hired_on.data,
        }


class EditStaffForm(StaffForm):
    """Edit a person; the unit changes only by transfer, and a blank ID number means unchanged."""

    unit_id = None
    clear_id_card = BooleanField(_l("删除已登记的身份证号"))
    status = SelectField(
        _l("在职状态"),
        choices=[_status_choice(status) for status in EmploymentStatus],
    )
    left_on = LocalDateField(_l("离职（退休）日期"), validators=[Optional()])
    reason = StringField(
        _l("修改原因"), filters=[clean_text], validators=[Optional(), Length(max=200)]
    )

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, obj=person, **kwargs)
        self.political_status.choices = _political_choices(person and person.political_status)
        if not self.id_card.raw_data:
            self.id_card.data = ""  # never send the stored number back to the browser

    def validate_left_on(self, field: Field) -> None:
        if self.status.data != EmploymentStatus.ACTIVE and field.data is None:
            raise ValidationError(_l("不在职时请填写离职（退休）日期。"))

    def changes_for_service(self) -> dict:
        """Return the edit for update_staff_member; a blank ID number is left out (unchanged)."""
        changes = self.fields_for_service()
        changes.update(status=self.status.data, left_on=self.left_on.data)
        if self.clear_id_card.data:
            changes["id_card"] = None
        elif not changes["id_card"]:
            del changes["id_card"]
        return changes


class LeaveForm(FlaskForm):
    """End a person's service with a date."""

    status = SelectField(
        _l("类型"),
        choices=[_status_choice(EmploymentStatus.LEFT), _status_choice(EmploymentStatus.RETIRED)],
    )
    left_on = LocalDateField(_l("离职（退休）日期"), validators=[InputRequired(_l("请填写日期。"))])
    reason = StringField(_l("原因"), filters=[clean_text], validators=[Optional(), Length(max=200)])


class TransferForm(FlaskForm):
    """Move a person to another unit from a date."""

    unit_code = StringField(
        _l("调入单位编码"),
        filters=[fold_identifier],
        validators=[DataRequired(_l("请填写调入单位的编码。")), Length(max=32)],
    )
    effective_on = LocalDateField(
        _l("生效日期"), validators=[InputRequired(_l("请填写生效日期。"))]
    )
    reason = StringField(_l("原因"), filters=[clean_text], validators=[Optional(), Length(max=200)])
