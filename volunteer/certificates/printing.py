"""Turn an issued certificate's frozen content into the documents' data, a PDF, a signed PDF."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from volunteer.certificates.links import verify_url
from volunteer.certificates.models import Certificate, CertificateKind
from volunteer.documents import data, signing
from volunteer.documents.certificate import render_certificate, render_certificates
from volunteer.errors import DomainError

SIGNING_KEY_NAME = "certificate-signing.key"
SIGNING_CERT_NAME = "certificate-signing.crt"


def _day(iso: str) -> str:
    day = date.fromisoformat(iso)
    return _("%(y)d年%(m)d月%(d)d日", y=day.year, m=day.month, d=day.day)


def period_of(content: dict[str, Any]) -> str:
    """Say what span the figures cover, and that a year not yet ended counts up to a day."""
    first, last, until = content["first_year"], content["last_year"], content.get("until")
    if content["kind"] == CertificateKind.ANNUAL.value:
        if until:
            return _("%(y)d年1月1日至%(until)s", y=first, until=_day(until))
        return _("%(y)d年度", y=first)
    span = _("%(y)d年", y=first) if first == last else _("%(a)d—%(b)d年", a=first, b=last)
    return _("%(span)s（截至%(until)s）", span=span, until=_day(until)) if until else span


def star_statement(stars: int) -> str:
    """State the star standard the cumulative hours reach: a standard, not an award."""
    if not stars:
        return ""
    return _("累计服务时长达到%(n)d星级志愿者标准", n=stars)


def _statement(content: dict[str, Any]) -> str:
    values = {
        "name": content["name"],
        "period": period_of(content),
        "n": content["activities"],
        "hours": content["hours"],
    }
    if content["kind"] == CertificateKind.ANNUAL.value:
        text = _(
            "兹证明 %(name)s 于%(period)s参加志愿服务活动 %(n)d 次，"
            "经审核认定的志愿服务时长共计 %(hours)s 小时。",
            **values,
        )
    else:
        text = _(
            "兹证明 %(name)s 于%(period)s参加志愿服务活动 %(n)d 次，"
            "经审核认定的志愿服务时长累计 %(hours)s 小时。",
            **values,
        )
    return text + _("特此证明。")


def _note(content: dict[str, Any]) -> str:
    note = _(
        "说明：本证明所列时长为经审核通过的志愿服务时长，不含往返交通时间，依据志愿服务记录"
        "如实出具。扫描二维码或访问验证网址可核验本证明的真实性与当前状态。"
    )
    if content.get("until"):
        note += _(
            "%(year)d年度尚未结束，本证明仅记录截至%(until)s的时长。",
            year=content["last_year"],
            until=_day(content["until"]),
        )
    return note


def document_of(certificate: Certificate, seal_png: bytes | None) -> data.Certificate:
    """Return what the PDF of an issued certificate says, in the organisation's language."""
    content = certificate.content
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        issuer = content["issuer"]
        return data.Certificate(
            title=_("年度志愿服务时长证明")
            if certificate.kind is CertificateKind.ANNUAL
            else _("志愿服务记录证明"),
            serial=certificate.serial,
            name=content["name"],
            masked_id_number=content["masked_id"] or "—",
            volunteer_number=content["volunteer_no"],
            unit=content["unit"],
            department=content["department"],
            period=period_of(content),
            hours=content["hours"],
            activities=content["activities"],
            categories=[(name, hours) for name, hours in content["categories"]],
            statement=_statement(content),
            note=_note(content),
            star_statement=star_statement(content["stars"]),
            issue_date=_day(content["issue_date"]),
            issuer=data.Issuer(
                body=issuer["body"],
                head=issuer["head"],
                clerk=issuer["clerk"],
                contact=issuer["contact"],
                seal_png=seal_png,
            ),
            verify_url=verify_url(certificate.verify_code),
            labels={},
            years=[data.YearLine(y, hours, n, total) for y, hours, n, total in content["years"]],
            services=[
                data.ServiceLine(date.fromisoformat(day), title, hours)
                for day, title, hours in content.get("services", [])
            ],
            author=issuer["body"],
        )


def certificate_pdf(certificate: Certificate, seal_png: bytes | None) -> tuple[bytes, bool]:
    """Draw one certificate's PDF; sign it when a signing key is configured. Say if signed."""
    pdf = render_certificate(document_of(certificate, seal_png), font_path=_font())
    return _signed(pdf, certificate.content["issuer"]["body"])


def batch_pdf(certificates: Iterable[Certificate], seal_of) -> bytes:
    """Draw many certificates into one PDF for printing (signed when a key is configured)."""
    documents = (document_of(c, seal_of(c)) for c in certificates)
    pdf = render_certificates(documents, font_path=_font())
    body = current_app.config.get("ORGANISATION_NAME", "")
    return _signed(pdf, body)[0]


def _font() -> str | None:
    return current_app.config.get("CJK_FONT_PATH") or None


def _signed(pdf: bytes, body: str) -> tuple[bytes, bool]:
    key, cert = signing_files()
    if not key:
        return pdf, False
    passphrase = current_app.config.get("CERTIFICATE_SIGNING_PASSPHRASE") or None
    try:
        signer = _signer(key, cert, passphrase)
    except signing.SigningKeyError as error:
        current_app.logger.error("Cannot load the certificate signing key: %s", error)
        raise DomainError(
            _("证明的签名证书无法读取，请联系系统管理员。"), code="signing_key"
        ) from error
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        reason = _("志愿服务时长证明")
    return signing.sign_pdf(pdf, signer, reason=reason, location=body), True


def signing_files() -> tuple[str | None, str | None]:
    """Return the signing key and certificate: as configured, else the instance folder's pair.

    `flask signing-key create` writes the pair to the instance folder, where it is used with no
    setting. A key configured without a certificate is a PKCS#12 bundle (.p12/.pfx).
    """
    config = current_app.config
    if config.get("CERTIFICATE_SIGNING_KEY"):
        cert = config.get("CERTIFICATE_SIGNING_CERT")
        return str(config["CERTIFICATE_SIGNING_KEY"]), str(cert) if cert else None
    folder = Path(current_app.instance_path)
    key, cert = folder / SIGNING_KEY_NAME, folder / SIGNING_CERT_NAME
    if key.is_file() and cert.is_file():
        return str(key), str(cert)
    return None, None


@lru_cache(maxsize=4)
def _signer(key: str, cert: str | None, passphrase: str | None) -> Any:
    return signing.load_signer(key, cert, passphrase)
