"""An activity's sign-in sheet (签到表) for the unit's archive, as PDF and as .xlsx."""

from __future__ import annotations

import io
from urllib.parse import quote

from flask import Response, current_app
from flask_login import login_required

from volunteer.activities.access import runnable_activity
from volunteer.activities.models import Activity
from volunteer.documents.sign_in_sheet import render_sign_in_sheet
from volunteer.records.blueprint import bp
from volunteer.records.sign_in_sheet import sign_in_sheet
from volunteer.reports.sign_in_workbook import sign_in_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/activities/<int:activity_id>/sign-in-sheet.pdf")
@login_required
def sign_in_sheet_pdf(activity_id: int):
    """The sheet as PDF, for whoever runs the activity."""
    activity = runnable_activity(activity_id)
    pdf = render_sign_in_sheet(
        sign_in_sheet(activity), font_path=current_app.config["CJK_FONT_PATH"]
    )
    return _download(pdf, "application/pdf", activity, "pdf", inline=True)


@bp.route("/activities/<int:activity_id>/sign-in-sheet.xlsx")
@login_required
def sign_in_sheet_xlsx(activity_id: int):
    """The sheet as .xlsx, for whoever runs the activity."""
    activity = runnable_activity(activity_id)
    buffer = io.BytesIO()
    sign_in_workbook(buffer, sign_in_sheet(activity))
    return _download(buffer.getvalue(), XLSX, activity, "xlsx")


def _download(
    content: bytes, mimetype: str, activity: Activity, extension: str, *, inline: bool = False
) -> Response:
    """Answer with the file, never cached, named 签到表-HD000123 (ASCII fallback first)."""
    response = Response(content, mimetype=mimetype)
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = (
        f'{disposition}; filename="sign-in-{activity.number}.{extension}"; '
        f"filename*=UTF-8''{quote(f'签到表-{activity.number}.{extension}')}"
    )
    response.headers["Cache-Control"] = "no-store"
    return response
