"""Issue certificates: freeze the figures, number them, supersede only what changed."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _

from volunteer.audit.services import record_change
from volunteer.auth.models import Account
from volunteer.certificates import queries, unit_queries
from volunteer.certificates.models import Certificate, CertificateKind, CertificateStatus
from volunteer.certificates.services.content import (
    Person,
    annual_content,
    issuer_of,
    record_content,
)
from volunteer.certificates.services.pdf import stored_pdf
from volunteer.clock import local_today, utc_now
from volunteer.core.numbers import format_hours
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.units.models import Unit
from volunteer.units.queries import organisation_root

FIRST_YEAR = 2000
Progress = Callable[[int, int], None]


@dataclass
class Issued:
    """The certificate a request ends with: new, or the unchanged one issued before."""

    certificate: Certificate
    new: bool
    superseded: list[Certificate] = field(default_factory=list)


@dataclass
class Numbering:
    """The organisation's code and the last sequence used per year, read once per batch."""

    code: str
    last: dict[int, int] = field(default_factory=dict)

    @classmethod
    def read(cls) -> Numbering:
        """Take the code of the organisation at the root of the tree."""
        root = organisation_root()
        return cls(root.code if root is not None else "ORG")

    def next(self, serial_year: int) -> int:
        """Return the next sequence of the year: read from the table once, then counted on."""
        if serial_year not in self.last:
            self.last[serial_year] = queries.last_sequence(self.code, serial_year)
        self.last[serial_year] += 1
        return self.last[serial_year]


def check_year(year: int) -> None:
    """Refuse a year that has not begun, or one before the registry kept records."""
    this_year = local_today().year
    if not FIRST_YEAR <= year <= this_year:
        raise DomainError(
            _("只能为 %(first)d 年至 %(last)d 年出具证明。", first=FIRST_YEAR, last=this_year),
            code="bad_year",
        )


def issue_annual(
    account: Account, year: int, *, detailed: bool = False, by: Account | None
) -> Issued:
    """Issue (or find unchanged) a person's annual certificate for a year, with its PDF."""
    check_year(year)
    figures = queries.figures_of(account.id, year)
    _check_eligible(figures, year)
    person = Person.of(account)
    content = annual_content(
        person,
        year,
        figures,
        cumulative=queries.cumulative_hours(account.id, up_to_year=year),
        today=local_today(),
        detailed=detailed,
        issuer=issuer_of(queries.settings_for(year)),
    )
    valid = queries.valid_certificates(account.id, CertificateKind.ANNUAL, year)
    issued = _store(person, CertificateKind.ANNUAL, year, content, detailed, by, valid)
    stored_pdf(issued.certificate)
    return issued


def issue_record(account: Account, *, detailed: bool = False, by: Account | None) -> Issued:
    """Issue (or find unchanged) a person's record certificate over every year served."""
    rows = queries.year_rows(account.id)
    if not rows:
        raise DomainError(
            _("没有审核通过的志愿服务时长，无法出具志愿服务记录证明。"), code="no_hours"
        )
    today = local_today()
    person = Person.of(account)
    content = record_content(
        person,
        rows,
        today=today,
        detailed=detailed,
        issuer=issuer_of(queries.settings_for(today.year)),
    )
    valid = queries.valid_certificates(account.id, CertificateKind.RECORD, None)
    issued = _store(person, CertificateKind.RECORD, rows[-1].year, content, detailed, by, valid)
    stored_pdf(issued.certificate)
    return issued


def issue_unit_certificates(
    unit_id: int, year: int, *, by: Account | None, progress: Progress | None = None
) -> list[Certificate]:
    """Issue the annual certificate of everyone eligible in a unit subtree (PDFs drawn later)."""
    check_year(year)
    unit = db.session.get(Unit, unit_id)
    if unit is None:
        raise DomainError(_("单位不存在。"), code="no_unit")
    settings = queries.settings_for(year)
    ids = queries.eligible_accounts(unit, year, settings.min_hours if settings else None)
    figures = unit_queries.figures_by_account(ids, year)
    cumulative = unit_queries.cumulative_by_account(ids, year)
    registrations = unit_queries.registrations_of(ids)
    valid = unit_queries.valid_annual_by_account(ids, year)
    issuer, today, numbering = issuer_of(settings), local_today(), Numbering.read()
    certificates: list[Certificate] = []
    unaudited: list[Certificate] = []
    for done, account in enumerate(unit_queries.accounts_of(ids), start=1):
        person = Person(account, registrations.get(account.id))
        content = annual_content(
            person,
            year,
            figures[account.id],
            cumulative=cumulative.get(account.id, Decimal(0)),
            today=today,
            detailed=False,
            issuer=issuer,
        )
        issued = _store(
            person,
            CertificateKind.ANNUAL,
            year,
            content,
            False,
            by,
            valid.get(account.id, []),
            numbering=numbering,
            flush=False,
        )
        certificates.append(issued.certificate)
        if issued.new and issued.certificate.id is None:
            unaudited.append(issued.certificate)
        if progress is not None:
            progress(done, len(ids))
    # One flush for the batch; the audit entries need the ids it gives.
    db.session.flush()
    for certificate in unaudited:
        _audit_issue(certificate, by)
    db.session.flush()
    return certificates


def _check_eligible(figures: queries.Figures, year: int) -> None:
    if figures.hours <= 0:
        raise DomainError(
            _("%(year)d 年没有审核通过的志愿服务时长，无法出具证明。", year=year), code="no_hours"
        )
    settings = queries.settings_for(year)
    least = settings.min_hours if settings is not None else None
    if least is not None and figures.hours < least:
        raise DomainError(
            _(
                "%(year)d 年度证明须审核通过的时长达到 %(min)s 小时，目前为 %(hours)s 小时。",
                year=year,
                min=format_hours(least),
                hours=format_hours(figures.hours),
            ),
            code="not_eligible",
        )


def _store(
    person: Person,
    kind: CertificateKind,
    year: int,
    content: dict[str, Any],
    detailed: bool,
    by: Account | None,
    valid: list[Certificate],
    *,
    numbering: Numbering | None = None,
    flush: bool = True,
) -> Issued:
    """Return the valid certificate with these figures, or issue one superseding the others."""
    account = person.account
    candidate = Certificate(kind=kind, content=content, detailed=detailed)
    changed = [old for old in valid if old.figures != candidate.figures]
    for old in valid:
        if old not in changed and old.detailed == detailed:
            return Issued(old, new=False)
    numbering = numbering or Numbering.read()
    serial_year = year if kind is CertificateKind.ANNUAL else local_today().year
    sequence = numbering.next(serial_year)
    certificate = Certificate(
        kind=kind,
        serial=f"{numbering.code}-{serial_year}-{sequence:05d}",
        organisation_code=numbering.code,
        serial_year=serial_year,
        sequence=sequence,
        account_id=account.id,
        staff_member_id=account.staff_member_id,
        unit=person.unit,
        year=year,
        hours=Decimal(content["hours"]),
        activity_count=content["activities"],
        detailed=detailed,
        partial=bool(content["until"]),
        content=content,
        verify_code=secrets.token_urlsafe(16),
        issued_by_id=by.id if by is not None else None,
        status=CertificateStatus.VALID,
    )
    db.session.add(certificate)
    if flush or changed:
        db.session.flush()
        _audit_issue(certificate, by)
    for old in changed:
        _supersede(old, certificate, by)
    return Issued(certificate, new=True, superseded=changed)


def _audit_issue(certificate: Certificate, by: Account | None) -> None:
    record_change(
        action="certificate.issue",
        subject_type="certificate",
        subject_id=certificate.id,
        unit_id=certificate.unit.id if certificate.unit is not None else None,
        after={
            "serial": certificate.serial,
            "kind": certificate.kind.value,
            "account_id": certificate.account_id,
            "year": certificate.year,
            "hours": certificate.content["hours"],
            "activities": certificate.content["activities"],
            "detailed": certificate.detailed,
        },
        actor_id=by.id if by is not None else None,
    )


def _supersede(old: Certificate, new: Certificate, by: Account | None) -> None:
    old.status = CertificateStatus.SUPERSEDED
    old.superseded_at = utc_now()
    old.superseded_by_id = new.id
    record_change(
        action="certificate.supersede",
        subject_type="certificate",
        subject_id=old.id,
        unit_id=old.unit_id,
        before={"status": CertificateStatus.VALID.value, "hours": old.content["hours"]},
        after={
            "status": CertificateStatus.SUPERSEDED.value,
            "hours": new.content["hours"],
            "superseded_by": new.serial,
        },
        actor_id=by.id if by is not None else None,
    )
