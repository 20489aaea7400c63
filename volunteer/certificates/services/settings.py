"""Set a year's issuing settings: who is eligible, who issues, the seal image."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError

from volunteer.audit.services import record_change
from volunteer.auth.models import Account
from volunteer.certificates.models import IssuingSettings
from volunteer.errors import DomainError
from volunteer.extensions import db

SEAL_MAX_BYTES = 1024 * 1024
SEAL_MAX_PIXELS = 2000
SEAL_FORMATS = {"PNG", "JPEG"}


def save_settings(
    year: int,
    *,
    min_hours: Decimal | None,
    issuing_body: str,
    head: str,
    clerk: str,
    contact: str,
    seal: bytes | None = None,
    remove_seal: bool = False,
    by: Account,
) -> IssuingSettings:
    """Store the year's eligibility and issuer; a new seal replaces the old one."""
    issuing_body = (issuing_body or "").strip()
    if not issuing_body:
        raise DomainError(_("请填写出具单位。"), code="body_required")
    if min_hours is not None and not Decimal(0) <= min_hours <= Decimal(2000):
        raise DomainError(_("时长条件须在 0 到 2000 小时之间。"), code="bad_min_hours")
    row = db.session.get(IssuingSettings, year)
    before = _state(row) if row is not None else None
    if row is None:
        row = IssuingSettings(year=year)
        db.session.add(row)
    row.min_hours = min_hours
    row.issuing_body = issuing_body
    row.head, row.clerk, row.contact = head.strip(), clerk.strip(), contact.strip()
    if seal is not None:
        row.seal_png = seal_as_png(seal)
        row.seal_size = len(row.seal_png)
    elif remove_seal:
        row.seal_png, row.seal_size = None, None
    row.updated_by_id = by.id
    db.session.flush()
    after = _state(row)
    if after != before:
        record_change(
            action="certificate.settings",
            subject_type="certificate_settings",
            subject_id=year,
            unit_id=None,
            before=before,
            after=after,
            actor_id=by.id,
        )
    return row


def seal_as_png(content: bytes) -> bytes:
    """Return an uploaded seal as PNG, refusing what is no PNG or JPEG image or too large."""
    if len(content) > SEAL_MAX_BYTES:
        raise DomainError(_("印章图片不能超过 1 MB。"), code="seal_too_large")
    try:
        with Image.open(BytesIO(content)) as image:
            if image.format not in SEAL_FORMATS:
                raise DomainError(_("印章图片须为 PNG 或 JPEG 格式。"), code="seal_format")
            if max(image.size) > SEAL_MAX_PIXELS:
                raise DomainError(
                    _("印章图片不能大于 %(n)d×%(n)d 像素。", n=SEAL_MAX_PIXELS),
                    code="seal_too_large",
                )
            image.load()
            if image.format == "PNG":
                return content
            out = BytesIO()
            image.convert("RGB").save(out, format="PNG")
            return out.getvalue()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as error:
        raise DomainError(_("印章图片须为 PNG 或 JPEG 格式。"), code="seal_format") from error


def _state(row: IssuingSettings) -> dict:
    return {
        "min_hours": None if row.min_hours is None else str(row.min_hours),
        "issuing_body": row.issuing_body,
        "head": row.head,
        "clerk": row.clerk,
        "contact": row.contact,
        "seal": row.seal_size or 0,
    }
