"""The administrators' form for a year's targets."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, StringField
from wtforms.validators import (
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from volunteer.people.validation import clean_text, fold_identifier
from volunteer.targets.queries import Target


class NumberTextField(StringField):
    """A decimal typed as text, so full-width digits from a Chinese keyboard and a "%" pass."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        text = fold_identifier(valuelist[0] if valuelist else "").removesuffix("%")
        self.data = None
        if not text:
            return
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ValueError(_l("请填写数字，例如 100 或 99.5。"))
        self.data = number

    def pre_validate(self, form) -> None:
        # Text that is no number has its message already; a range error on top would only confuse.
        if self.process_errors:
            raise StopValidation()

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else _plain(self.data)


def _plain(number: Decimal) -> str:
    """Write 100.0 as 100 and 99.50 as 99.5, as people type them."""
    return f"{number.normalize():f}"


def _one_decimal(form, field: Field) -> None:
    if field.data is None:
        return
    try:
        rounded = field.data.quantize(Decimal("0.1"))
    except InvalidOperation:
        return  # too large to round: the range check has said so already
    if field.data != rounded:
        raise ValidationError(_l("最多保留一位小数。"))


class TargetForm(FlaskForm):
    """A year's registration-rate and hours-per-person targets, and the document that set them."""

    registration_percent = NumberTextField(
        _l("注册率目标（%）"),
        validators=[
            InputRequired(_l("请填写注册率目标。")),
            NumberRange(
                min=Decimal(1), max=Decimal(100), message=_l("注册率目标须在 1 到 100 之间。")
            ),
            _one_decimal,
        ],
    )
    hours_per_person = NumberTextField(
        _l("人均时长目标（小时）"),
        validators=[
            InputRequired(_l("请填写人均时长目标。")),
            NumberRange(
                min=Decimal("0.5"),
                max=Decimal(2000),
                message=_l("人均时长目标须在 0.5 到 2000 小时之间。"),
            ),
            _one_decimal,
        ],
    )
    document = StringField(
        _l("文件名称或文号"),
        filters=[clean_text],
        validators=[
            Optional(),
            Length(max=200, message=_l("文件名称或文号不能超过 200 个字。")),
        ],
        description=_l("设定目标的文件，例如 市卫健委〔2026〕12号。"),
    )
    reason = StringField(
        _l("修改原因"),
        filters=[clean_text],
        validators=[Optional(), Length(max=200, message=_l("修改原因不能超过 200 个字。"))],
    )

    def __init__(self, *args, defaults: Target, **kwargs):
        super().__init__(*args, **kwargs)
        # The defaults are settings: say what they are here, not what they were when written.
        self.registration_percent.description = _l(
            "注册志愿者人数占在职职工人数的百分比，默认 %(n)s。",
            n=_plain(defaults.registration_rate * 100),
        )
        self.hours_per_person.description = _l(
            "每名在职职工全年应达到的志愿服务时长，默认 %(n)s。",
            n=_plain(defaults.hours_per_person),
        )

    @property
    def registration_rate(self) -> Decimal:
        """Return the percentage typed as the fraction the targets store (100 → 1)."""
        return _validated(self.registration_percent) / 100

    @property
    def hours(self) -> Decimal:
        """Return the hours-per-person target typed."""
        return _validated(self.hours_per_person)


def _validated(field: NumberTextField) -> Decimal:
    """Return a required number once the form has validated (InputRequired ran)."""
    if field.data is None:
        raise ValueError(f"{field.name} is read before the form validated")
    return field.data
