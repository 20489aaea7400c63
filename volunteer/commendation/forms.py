"""Forms of the commendation pages; the services check the rules again."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TypeVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import Field, IntegerField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from volunteer.commendation.models import QuotaKind
from volunteer.commendation.rules import CITATION_MAX, citation_length
from volunteer.people.forms import LocalDateField
from volunteer.people.validation import clean_text, fold_identifier, trim_name
from volunteer.targets.forms import NumberTextField

TEXT_MAX = 500
T = TypeVar("T")


def _citation_length(form, field: Field) -> None:
    if field.data and citation_length(field.data) > CITATION_MAX:
        raise ValidationError(
            _l(
                "主要事迹不能超过 %(max)d 个字（现在 %(n)d 个字）。",
                max=CITATION_MAX,
                n=citation_length(field.data),
            )
        )


class CampaignForm(FlaskForm):
    """The administrator opens the year's campaign."""

    year = IntegerField(_l("年度"), validators=[InputRequired(_l("请填写年度。"))])
    title = StringField(
        _l("评选名称"),
        filters=[clean_text],
        validators=[InputRequired(_l("请填写评选名称。")), Length(max=100)],
    )
    min_hours = NumberTextField(
        _l("年度服务时长不少于（小时）"),
        validators=[InputRequired(_l("请填写时长条件。")), NumberRange(min=0, max=2000)],
    )
    quota_kind = RadioField(
        _l("名额分配"),
        choices=[SelectChoice(str(kind), _l(kind.label)) for kind in QuotaKind],
        default=str(QuotaKind.NUMBER),
        validators=[InputRequired(_l("请选择名额分配方式。"))],
    )
    quota_value = NumberTextField(
        _l("名额（人数或百分比）"),
        validators=[InputRequired(_l("请填写名额。")), NumberRange(min=0, max=1000)],
    )
    nomination_deadline = LocalDateField(
        _l("提名截止日期"), validators=[InputRequired(_l("请填写提名截止日期。"))]
    )
    notice_days = IntegerField(
        _l("公示期（工作日）"),
        default=5,
        validators=[InputRequired(_l("请填写公示期。")), NumberRange(min=1, max=30)],
    )

    @property
    def hours(self) -> Decimal:
        """Return the hours condition typed (once the form has validated)."""
        return _validated(self.min_hours.data)

    @property
    def quota(self) -> Decimal:
        return _validated(self.quota_value.data)

    @property
    def deadline(self) -> date:
        return _validated(self.nomination_deadline.data)


def _validated(value: T | None) -> T:
    """Return a required value once the form has validated (InputRequired ran)."""
    if value is None:
        raise ValueError("a required field is read before the form validated")
    return value


class NominationForm(FlaskForm):
    """A unit manager nominates one person by 工号."""

    staff_no = StringField(
        _l("工号"),
        filters=[fold_identifier],
        validators=[InputRequired(_l("请填写被提名人的工号。")), Length(max=64)],
    )
    citation = TextAreaField(
        _l("主要事迹"),
        filters=[clean_text],
        validators=[InputRequired(_l("请填写主要事迹。")), _citation_length],
        render_kw={"maxlength": CITATION_MAX, "rows": 8},
    )
    attachment = FileField(_l("照片或附件（选填，JPG、PNG 或 PDF）"))


class ReviewForm(FlaskForm):
    """The reviewer's reason: required to reject, optional to approve."""

    reason = TextAreaField(
        _l("审核意见"), filters=[clean_text], validators=[Optional(), Length(max=TEXT_MAX)]
    )


class ObjectionForm(FlaskForm):
    """An objection to one person on notice, with the objector's real name and contact."""

    nomination_id = IntegerField(validators=[InputRequired(_l("请选择异议针对的人员。"))])
    real_name = StringField(
        _l("真实姓名"),
        filters=[trim_name],
        validators=[InputRequired(_l("请填写真实姓名。")), Length(max=50)],
    )
    contact = StringField(
        _l("联系方式"),
        filters=[clean_text],
        validators=[InputRequired(_l("请填写联系方式。")), Length(max=100)],
    )
    content = TextAreaField(
        _l("异议内容"),
        filters=[clean_text],
        validators=[InputRequired(_l("请写明异议的内容。")), Length(max=TEXT_MAX)],
    )


class ResolutionForm(FlaskForm):
    """The reviewer resolves an objection: keep the nomination or withdraw it, with a note."""

    decision = RadioField(
        _l("处理结果"),
        choices=[SelectChoice("keep", _l("维持提名")), SelectChoice("withdraw", _l("撤销提名"))],
        validators=[InputRequired(_l("请选择处理结果。"))],
    )
    note = TextAreaField(
        _l("处理意见"),
        filters=[clean_text],
        validators=[InputRequired(_l("请填写处理意见。")), Length(max=TEXT_MAX)],
    )
