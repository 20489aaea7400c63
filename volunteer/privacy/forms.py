"""The download form: a copy with the ID number masked, or in full after the password."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField
from wtforms.validators import ValidationError

FULL = "1"


class DownloadForm(FlaskForm):
    """Ask for the file; `full_id_number` set to 1 asks for the ID in full, which takes the
    password."""

    full_id_number = HiddenField(default="")
    password = PasswordField(
        _l("登录密码"), render_kw={"autocomplete": "current-password", "required": True}
    )

    @property
    def wants_full_id_number(self) -> bool:
        return self.full_id_number.data == FULL

    def validate_password(self, field: PasswordField) -> None:
        if self.wants_full_id_number and not field.data:
            raise ValidationError(_l("请输入登录密码，才能下载含完整身份证号的文件。"))
