"""Import a sheet of service sessions on the web: check it (clipped rows shown), then apply."""

from __future__ import annotations

from flask import flash, render_template
from flask_babel import gettext as _
from flask_login import current_user

from volunteer.auth.models import Role
from volunteer.auth.permissions import role_required
from volunteer.imports.tabular import ImportRejected
from volunteer.records.blueprint import bp
from volunteer.records.forms import RecordsImportForm
from volunteer.records.importing.columns import RECORD_FILE
from volunteer.records.importing.upload import import_sheet


@bp.route("/records/import", methods=["GET", "POST"])
@role_required(Role.MANAGER)
def import_records():
    """Upload a sheet of sessions at the manager's activities: check it, then import it."""
    form = RecordsImportForm()
    result, errors, header = None, None, None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            result = import_sheet(
                data=upload.read(),
                filename=upload.filename or "",
                source_note=form.source_note.data,
                by=current_user,
                check_only=form.check_only.data,
            )
            header = result.header
        except ImportRejected as rejected:
            # Not a refusal to flash and forget: the rows to fix are the page. import_sheet
            # rolled back whatever the file had written.
            errors, header = rejected.errors, rejected.header
            flash(_(ImportRejected.MESSAGE, n=len(errors)), "error")
        else:
            if result.applied:
                flash(_("导入完成：新增 %(n)d 条服务记录。", n=result.summary.created), "success")
    return render_template(
        "records/import.html",
        form=form,
        result=result,
        errors=errors,
        header=header,
        columns=RECORD_FILE,
    )
