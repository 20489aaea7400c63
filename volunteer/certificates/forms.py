"""Forms of the certificates pages: download, print, revoke, the year's settings, verify."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DecimalField, IntegerField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from volunteer.people.validation import clean_text


class AnnualForm(FlaskForm):
    """A volunteer's own annual certificate: the year, and whether to list each activity."""

    year = IntegerField(_l("年度"), validators=[InputRequired(_l("请选择年度。"))])
    detailed = BooleanField(_l("附服务活动明细"))


class RecordForm(FlaskForm):
    """A volunteer's own record certificate over every year served."""

    detailed = BooleanField(_l("附服务活动明细"))


class PrintForm(FlaskForm):
    """Issue and print all certificates of a unit for a year."""

    year = IntegerField(_l("年度"), validators=[InputRequired(_l("请选择年度。"))])


class RevokeForm(FlaskForm):
    """Revoke a certificate, with the reason the verification page will not show."""

    reason = StringField(
        _l("撤销原因"),
        filters=[clean_text],
        validators=[
            InputRequired(_l("请填写撤销原因。")),
            Length(max=200, message=_l("撤销原因不能超过 200 个字。")),
        ],
    )


class SettingsForm(FlaskForm):
    """A year's eligibility and issuer details, and the seal image."""

    min_hours = DecimalField(
        _l("时长条件（小时）"),
        places=1,
        validators=[
            Optional(),
            NumberRange(
                min=Decimal(0), max=Decimal(2000), message=_l("时长条件须在 0 到 2000 小时之间。")
            ),
        ],
        description=_l("留空：有审核通过的时长即可出具；填写：全年时长达到该数值才可出具。"),
    )
    issuing_body = StringField(
        _l("出具单位"),
        filters=[clean_text],
        validators=[
            InputRequired(_l("请填写出具单位。")),
            Length(max=100, message=_l("出具单位不能超过 100 个字。")),
        ],
    )
    head = StringField(
        _l("负责人"),
        filters=[clean_text],
        validators=[Length(max=50, message=_l("负责人不能超过 50 个字。"))],
    )
    clerk = StringField(
        _l("经办人"),
        filters=[clean_text],
        validators=[Length(max=50, message=_l("经办人不能超过 50 个字。"))],
    )
    contact = StringField(
        _l("联系方式"),
        filters=[clean_text],
        validators=[Length(max=100, message=_l("联系方式不能超过 100 个字。"))],
    )
    seal = FileField(_l("印章图片"), description=_l("PNG 或 JPEG，不超过 1 MB，建议透明背景。"))
    remove_seal = BooleanField(_l("删除已上传的印章图片"))


class VerifyUploadForm(FlaskForm):
    """A PDF a visitor was handed, to compare with the certificates issued here."""

    file = FileField(_l("证明文件（PDF）"))
