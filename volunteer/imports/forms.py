"""The upload form, and the bare form that carries the CSRF token of "apply"."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice

KIND_LABELS = {"staff": _l("职工名册"), "units": _l("单位")}


class UploadForm(FlaskForm):
    """Choose what the file holds and upload it."""

    kind = RadioField(
        _l("导入内容"),
        choices=[SelectChoice(kind, label) for kind, label in KIND_LABELS.items()],
        default="staff",
    )
    file = FileField(
        _l("文件（.xlsx 或 .csv）"),
        validators=[
            FileRequired(_l("请选择要上传的文件。")),
            FileAllowed(["xlsx", "csv"], _l("只支持 .xlsx 或 .csv 文件。")),
        ],
    )

    def offer_units(self, allowed: bool) -> None:
        """Offer the unit tree only to administrators."""
        if not allowed:
            self.kind.choices = [SelectChoice("staff", KIND_LABELS["staff"])]


class ApplyForm(FlaskForm):
    """Confirm the import shown in the preview."""
