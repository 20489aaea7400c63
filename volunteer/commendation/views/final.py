"""The final list's documents: the .xlsx and the honour certificates."""

from io import BytesIO

from flask import request, send_file
from flask_login import current_user, login_required

from volunteer.commendation import access
from volunteer.commendation.blueprint import bp
from volunteer.commendation.exports import final_list_xlsx, honours_pdf
from volunteer.commendation.services.campaigns import record_honours_printed

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/commendation/<int:campaign_id>/list.xlsx")
@login_required
def list_xlsx(campaign_id: int):
    """Download the final list for the commendation document."""
    access.require_reviewer()
    campaign = access.campaign_or_404(campaign_id)
    content = final_list_xlsx(campaign)
    return _download(content, XLSX, f"commendation-{campaign.year}.xlsx")


@bp.route("/commendation/<int:campaign_id>/honours.pdf", methods=["POST"])
@login_required
def honours(campaign_id: int):
    """Print honour certificates for the ticked people of the final list (all when none)."""
    access.require_reviewer()
    campaign = access.campaign_or_404(campaign_id)
    chosen = [int(v) for v in request.form.getlist("nomination") if v.isdigit()]
    pdf, people = honours_pdf(campaign, chosen)
    record_honours_printed(campaign, people=people, by=current_user)
    return _download(pdf, "application/pdf", f"honours-{campaign.year}.pdf")


def _download(content: bytes, mimetype: str, name: str):
    response = send_file(
        BytesIO(content), mimetype=mimetype, as_attachment=True, download_name=name
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
