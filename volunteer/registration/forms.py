"""Registration, pending-resolution and national-import forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, IntegerField, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from volunteer.auth.services import MIN_PASSWORD_LENGTH
from volunteer.people.validation import (
    clean_text,
    fold_identifier,
    is_valid_phone,
    normalise_phone,
    trim_name,
)

STAFF = "staff"
EXTERNAL = "external"


class RegistrationForm(FlaskForm):
    """What a person types on their unit's registration link."""

    kind = RadioField(
        _l("身份"),
        choices=[
            SelectChoice(STAFF, _l("我是本单位职工")),
            SelectChoice(EXTERNAL, _l("我不是职工（学生、家属等）")),
        ],
        default=STAFF,
    )
    name = StringField(
        _l("姓名"),
        filters=[trim_name],
        validators=[DataRequired(message=_l("请填写姓名。")), Length(max=50)],
    )
    staff_no = StringField(_l("工号"), filters=[fold_identifier], validators=[Length(max=32)])
    affiliation = StringField(
        _l("学校/单位/与职工关系"), filters=[clean_text], validators=[Length(max=100)]
    )
    phone = StringField(
        _l("手机号"),
        filters=[normalise_phone],
        validators=[DataRequired(message=_l("请填写手机号。"))],
    )
    national_volunteer_no = StringField(
        _l("志愿者编号（选填）"), filters=[fold_identifier], validators=[Optional(), Length(max=40)]
    )
    password = PasswordField(
        _l("设置密码"),
        validators=[
            DataRequired(message=_l("请设置密码。")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=128,
                message=_l("密码至少需要 %(n)d 位。", n=MIN_PASSWORD_LENGTH),
            ),
        ],
    )
    confirm = PasswordField(
        _l("确认密码"),
        validators=[
            DataRequired(message=_l("请再次输入密码。")),
            EqualTo("password", message=_l("两次输入的密码不一致。")),
        ],
    )
    consent = BooleanField(
        _l("我已阅读并同意以上说明，自愿注册为志愿者"),
        validators=[DataRequired(message=_l("请阅读并勾选同意后再提交。"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each is required for one of the two choices; flag both so whichever shows is marked.
        self.staff_no.flags.required = True
        self.affiliation.flags.required = True

    @property
    def is_external(self) -> bool:
        return self.kind.data == EXTERNAL

    def validate_staff_no(self, field: StringField) -> None:
        if not self.is_external and not field.data:
            raise ValidationError(_l("请填写工号。"))

    def validate_affiliation(self, field: StringField) -> None:
        if self.is_external and not field.data:
            raise ValidationError(_l("请填写您的学校、单位或与职工的关系。"))

    def validate_phone(self, field: StringField) -> None:
        if field.data and not is_valid_phone(field.data):
            raise ValidationError(_l("手机号格式不正确。"))


class ApproveForm(FlaskForm):
    """A manager links a pending registration to the right roster entry."""

    staff_id = IntegerField(validators=[Optional()])
    staff_no = StringField(
        _l("或输入工号"), filters=[fold_identifier], validators=[Optional(), Length(max=32)]
    )
    reason = StringField(_l("备注"), filters=[clean_text], validators=[Length(max=200)])


class RejectForm(FlaskForm):
    """A manager turns down a pending registration, saying why."""

    reason = StringField(
        _l("驳回原因"),
        filters=[clean_text],
        validators=[DataRequired(message=_l("请填写驳回原因。")), Length(max=200)],
    )


class NationalImportForm(FlaskForm):
    """Upload a list of registrations exported from 全国志愿服务信息系统."""

    file = FileField(
        _l("文件（.xlsx 或 .csv）"),
        validators=[
            FileRequired(message=_l("请选择文件。")),
            FileAllowed(["xlsx", "csv"], message=_l("只支持 .xlsx 或 .csv 文件。")),
        ],
    )
    dry_run = BooleanField(_l("仅检查，不导入"))
