"""Forms of the records pages: review, fixes, make-ups, voids and volunteers' corrections."""

from __future__ import annotations

from pathlib import PurePath

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    Field,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import HiddenInput

from volunteer.activities.forms import LocalDateTimeField
from volunteer.clock import local_zone
from volunteer.people.validation import clean_text, fold_identifier

# The evidence files a record keeps, and the type each is downloaded as.
ATTACHMENT_MIMETYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "heic": "image/heic",
}
ATTACHMENT_TYPES = list(ATTACHMENT_MIMETYPES)
REASON_MAX = 500


def first_error(form: FlaskForm) -> str:
    """Return the form's first error message, or a general one."""
    for errors in form.errors.values():
        for error in errors:
            return str(error)
    return _("提交的内容有误，请检查后重试。")


class IdListField(Field):
    """The ids of the ticked checkboxes (the template draws them); unreadable values are dropped."""

    def process_formdata(self, valuelist):
        self.data = sorted({int(value) for value in valuelist if str(value).isdigit()})

    def _value(self) -> str:
        return ""


def _reason(label, message):
    return TextAreaField(
        label,
        filters=[clean_text],
        validators=[DataRequired(message), Length(max=REASON_MAX)],
    )


def _end_after_start(form, field) -> None:
    begin = form.begin.data
    if begin is not None and field.data is not None and field.data <= begin:
        raise ValidationError(_l("结束时间必须晚于开始时间。"))


class ApproveRecordsForm(FlaskForm):
    """Approve the ticked records of the review queue."""

    record_ids = IdListField()

    def validate_record_ids(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("请先勾选要审核的记录。"))


class RejectRecordsForm(ApproveRecordsForm):
    """Reject the ticked records, saying why; the volunteer reads the reason."""

    reason = _reason(_l("不通过的原因"), _l("请填写不通过的原因。"))


class SignOutForm(FlaskForm):
    """Set the real sign-out time of a forgotten sign-out."""

    signed_out_at = LocalDateTimeField(
        _l("实际签退时间"), validators=[DataRequired(_l("请填写签退时间。"))]
    )
    reason = _reason(_l("原因"), _l("请填写补签退的原因。"))


class VoidForm(FlaskForm):
    """Void a wrong record; it stays, with the reason, and no longer counts."""

    reason = _reason(_l("作废原因"), _l("请填写作废原因。"))


class MakeUpForm(FlaskForm):
    """补录: service that was not scanned, with reason and evidence, waiting for a manager."""

    account_id = IntegerField(
        widget=HiddenInput(), validators=[DataRequired(_l("请先查找并选择志愿者。"))]
    )
    begin = LocalDateTimeField(_l("开始时间"), validators=[DataRequired(_l("请填写开始时间。"))])
    end = LocalDateTimeField(
        _l("结束时间"), validators=[DataRequired(_l("请填写结束时间。")), _end_after_start]
    )
    reason = _reason(_l("补录原因"), _l("请填写补录原因。"))
    evidence_note = TextAreaField(
        _l("证明说明"), filters=[clean_text], validators=[Length(max=REASON_MAX)]
    )
    attachment = FileField(
        _l("证明附件（图片或 PDF）"),
        validators=[FileAllowed(ATTACHMENT_TYPES, _l("附件只支持图片或 PDF 文件。"))],
    )

    def attachment_upload(self) -> tuple[str, str, bytes] | None:
        """Return the uploaded evidence as (filename, mimetype, bytes), or None."""
        upload = self.attachment.data
        if not upload or not upload.filename:
            return None
        filename = PurePath(upload.filename.replace("\\", "/")).name or "attachment"
        extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        mimetype = ATTACHMENT_MIMETYPES.get(extension, "application/octet-stream")
        return filename, mimetype, upload.read()


class CorrectionForm(FlaskForm):
    """A volunteer reports an error in one of their records."""

    message = _reason(_l("需要更正的内容"), _l("请说明需要更正的内容。"))
    begin = LocalDateTimeField(_l("实际开始时间（选填）"), validators=[Optional()])
    end = LocalDateTimeField(_l("实际结束时间（选填）"), validators=[Optional(), _end_after_start])


class MissingRecordForm(FlaskForm):
    """A volunteer reports service that has no record: the activity, the times, a message."""

    activity_number = StringField(
        _l("活动编号"), filters=[fold_identifier], validators=[Length(max=20)]
    )
    activity_id = SelectField(_l("或从近期活动中选择"), choices=[], validate_choice=False)
    begin = LocalDateTimeField(_l("开始时间"), validators=[DataRequired(_l("请填写开始时间。"))])
    end = LocalDateTimeField(
        _l("结束时间"), validators=[DataRequired(_l("请填写结束时间。")), _end_after_start]
    )
    message = _reason(_l("说明"), _l("请说明需要补充的服务记录。"))

    def set_activities(self, activities) -> None:
        """Offer the recent activities, labelled by number, date and title."""
        self.activity_id.choices = [SelectChoice("", _l("（请选择）"))] + [
            SelectChoice(
                str(activity.id),
                f"{activity.number} "
                f"{activity.starts_at.astimezone(local_zone()):%Y-%m-%d} {activity.title}",
            )
            for activity in activities
        ]

    def validate_activity_number(self, field) -> None:
        if not field.data and not self.activity_id.data:
            raise ValidationError(_l("请填写活动编号或从列表中选择活动。"))


class AcceptCorrectionForm(FlaskForm):
    """Accept a correction; the note is optional."""

    reason = TextAreaField(_l("备注"), filters=[clean_text], validators=[Length(max=REASON_MAX)])


class RejectCorrectionForm(FlaskForm):
    """Turn a correction down, saying why."""

    reason = _reason(_l("驳回原因"), _l("请填写驳回原因。"))


class RecordsImportForm(FlaskForm):
    """Upload a sheet of service sessions; checking it first is the default."""

    file = FileField(
        _l("文件（.xlsx 或 .csv）"),
        validators=[
            FileRequired(message=_l("请选择文件。")),
            FileAllowed(["xlsx", "csv"], message=_l("只支持 .xlsx 或 .csv 文件。")),
        ],
    )
    source_note = StringField(
        _l("来源说明（可选，如“三月纸质签到表”）"),
        filters=[clean_text],
        validators=[Length(max=200)],
    )
    check_only = BooleanField(_l("仅检查，不导入"), default=True)
