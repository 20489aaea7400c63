"""Login, password and role forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, Optional

from volunteer.auth.models import Role
from volunteer.people.validation import clean_text, fold_identifier, fold_width, trim_name


def _role_choice(role: Role) -> SelectChoice:
    return SelectChoice(str(role), _l(role.label))


class LoginForm(FlaskForm):
    """Log in with 工号, username or phone."""

    # Half-width but case kept: usernames are case-sensitive, 工号 and phones are digits.
    identifier = StringField(
        _l("工号 / 用户名 / 手机号"), filters=[fold_width], validators=[DataRequired()]
    )
    password = PasswordField(_l("密码"), validators=[DataRequired()])
    # Off by default: office PCs are shared. Phones tick it once (the registration logs in
    # remembered), so a scan at an event needs no password.
    remember = BooleanField(_l("在此设备上保持登录（30 天）"), default=False)


class PasswordForm(FlaskForm):
    """Change one's own password."""

    current = PasswordField(_l("当前密码"), validators=[DataRequired()])
    new = PasswordField(_l("新密码"), validators=[DataRequired(), Length(min=8, max=128)])
    confirm = PasswordField(
        _l("再次输入新密码"), validators=[EqualTo("new", message=_l("两次输入的密码不一致。"))]
    )


class GrantRoleForm(FlaskForm):
    """Give an account a role over a unit's subtree."""

    # Least power first and preselected: granting admin must be a deliberate choice.
    role = SelectField(
        _l("角色"),
        choices=[_role_choice(role) for role in reversed(Role)],
        default=str(Role.COORDINATOR),
    )
    unit_code = StringField(
        _l("单位编码"), filters=[fold_identifier], validators=[DataRequired(), Length(max=32)]
    )
    reason = StringField(_l("原因"), filters=[clean_text], validators=[Optional(), Length(max=200)])


class CreateAccountForm(FlaskForm):
    """An administrator creates a staff login together with its first role.

    The role is part of the form so that no login ever exists outside every subtree, where
    only organisation-wide administrators could find it again.
    """

    username = StringField(_l("用户名"), validators=[DataRequired(), Length(max=64)])
    display_name = StringField(
        _l("姓名"), filters=[trim_name], validators=[DataRequired(), Length(max=50)]
    )
    password = PasswordField(_l("初始密码"), validators=[DataRequired(), Length(min=8, max=128)])
    role = SelectField(
        _l("角色"),
        choices=[_role_choice(role) for role in (Role.COORDINATOR, Role.MANAGER, Role.ADMIN)],
        default=str(Role.COORDINATOR),
    )
    unit_code = StringField(
        _l("单位编码"), filters=[fold_identifier], validators=[DataRequired(), Length(max=32)]
    )


class ReasonForm(FlaskForm):
    """A bare confirmation with an optional reason (revoke, deactivate)."""

    reason = StringField(_l("原因"), filters=[clean_text], validators=[Optional(), Length(max=200)])


class DeviceForm(FlaskForm):
    """Choose one of one's own logged-in devices (to log it out)."""

    device = IntegerField(validators=[InputRequired()])
