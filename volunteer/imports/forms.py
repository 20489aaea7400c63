"""The upload form, and the bare form that carries the CSRF token of "apply"."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice

from volunteer.imports.models import ImportKind


def _kind_choice(kind: ImportKind) -> SelectChoice:
    return SelectChoice(str(kind), _l(kind.label))


class UploadForm(FlaskForm):
    """Choose what the file holds and upload it."""

    kind = RadioField(
        _l("导入内容"),
        choices=[_kind_choice(kind) for kind in ImportKind],
        default=str(ImportKind.STAFF),
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
            self.kind.choices = [_kind_choice(ImportKind.STAFF)]


class ApplyForm(FlaskForm):
    """Confirm the import shown in the preview."""
