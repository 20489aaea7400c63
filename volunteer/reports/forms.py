"""The export page's one real form: asking for the records with full ID numbers."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from volunteer.people.validation import clean_text
from volunteer.progress.queries.people import PeopleFilter


def month_choices() -> list[tuple[int, str]]:
    """The period of a records export: the whole year (0) or one month."""
    return [(0, _l("全年")), *((month, _l("%(m)d 月", m=month)) for month in range(1, 13))]


# What each people filter exports, in the export page's longer words than the list's tabs.
PEOPLE_FILTER_LABELS = {
    PeopleFilter.ALL: _l("全部在职人员"),
    PeopleFilter.UNREGISTERED: _l("未注册"),
    PeopleFilter.BEHIND_PACE: _l("落后于进度"),
    PeopleFilter.BELOW_TARGET: _l("未达到年度目标"),
    PeopleFilter.LEFT: _l("年内离职（退休）"),
}


class IdNumberExportForm(FlaskForm):
    """Confirm and explain an export of the service records with full ID numbers."""

    month = SelectField(_l("期间"), coerce=int, default=0)
    reason = TextAreaField(
        _l("导出原因"),
        filters=[clean_text],
        validators=[
            DataRequired(message=_l("请填写导出证件号码的原因。")),
            Length(max=500, message=_l("导出原因不超过 500 字。")),
        ],
        render_kw={"rows": 2, "placeholder": _l("例如：向全国志愿服务信息系统报送 3 月服务时长")},
    )
    confirm = BooleanField(
        _l("我确认：证件号码仅用于向全国志愿服务信息系统报送，文件妥善保管、用后删除。"),
        validators=[DataRequired(message=_l("请勾选确认。"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.month.choices = month_choices()
