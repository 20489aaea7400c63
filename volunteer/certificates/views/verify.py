"""The public verification pages: by the code a certificate's QR carries, or by its PDF."""

from flask import abort, current_app, render_template, request
from werkzeug.exceptions import RequestEntityTooLarge

from volunteer.certificates.blueprint import bp
from volunteer.certificates.forms import VerifyUploadForm
from volunteer.certificates.queries import certificate_by_code
from volunteer.certificates.verification import UploadCheck, UploadOutcome, check_upload
from volunteer.core.masking import mask_name_between
from volunteer.extensions import limiter


def _limit() -> str:
    return current_app.config["VERIFY_RATE_LIMIT"]


@bp.route("/verify/<verify_code>")
@limiter.limit(_limit)
def verify_code(verify_code: str):
    """Show what a certificate states, masked, and whether it is valid; a wrong code is a 404."""
    certificate = certificate_by_code(verify_code)
    if certificate is None:
        abort(404)
    return render_template(
        "certificates/verified.html",
        certificate=certificate,
        masked_name=mask_name_between(certificate.content["name"]),
    )


@bp.route("/verify", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
def verify_upload():
    """Compare an uploaded PDF with the certificates issued here, byte for byte."""
    form = VerifyUploadForm()
    check: UploadCheck | None = None
    if request.method == "POST":
        check = _checked(form)
    status = 413 if check is not None and check.outcome is UploadOutcome.TOO_LARGE else 200
    return render_verify(form, check), status


def _checked(form: VerifyUploadForm) -> UploadCheck:
    if not form.validate_on_submit() or not form.file.data:
        return UploadCheck(UploadOutcome.EMPTY)
    limit = current_app.config["VERIFY_MAX_UPLOAD_BYTES"]
    content = form.file.data.read(limit + 1)
    if len(content) > limit:
        return UploadCheck(UploadOutcome.TOO_LARGE)
    return check_upload(content)


def render_verify(form: VerifyUploadForm, check: UploadCheck | None) -> str:
    """Render the upload page with the outcome of a check, if any."""
    certificate = check.certificate if check is not None else None
    return render_template(
        "certificates/verify.html",
        form=form,
        check=check,
        masked_name=mask_name_between(certificate.content["name"]) if certificate else "",
        max_mb=current_app.config["VERIFY_MAX_UPLOAD_BYTES"] // (1024 * 1024),
    )


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error: RequestEntityTooLarge):
    """Answer an upload above the site's limit on the verify page, with the verify limit."""
    if request.endpoint != "certificates.verify_upload":
        from volunteer.core.error_pages import MESSAGES

        return render_template("errors/error.html", code=413, message=str(MESSAGES[413])), 413
    return render_verify(VerifyUploadForm(formdata=None), UploadCheck(UploadOutcome.TOO_LARGE)), 413
