"""Issue and print all certificates of a unit as one PDF, for a request, a job or the CLI."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import can
from volunteer.certificates import printing, queries
from volunteer.certificates.models import Certificate
from volunteer.certificates.services.issuing import Progress, issue_unit_certificates
from volunteer.certificates.services.pdf import seal_of
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.units.models import Unit


def in_background(unit: Unit, year: int) -> bool:
    """Say whether the unit's certificates are too many to draw within one request."""
    settings = queries.settings_for(year)
    eligible = queries.eligible_accounts(unit, year, settings.min_hours if settings else None)
    return len(eligible) > current_app.config["CERTIFICATES_PRINT_IN_REQUEST"]


def print_unit_certificates(
    unit_id: int, year: int, *, by_id: int | None, progress: Progress | None = None
) -> bytes:
    """Issue a unit subtree's annual certificates of a year; return them as one PDF.

    Sorted by department (the unit's place in the tree) then name. `progress(done, total)` is
    called while issuing and again while drawing. `by_id` None is the system (the CLI); an
    account must manage the unit.
    """
    unit = db.session.get(Unit, unit_id)
    by = db.session.get(Account, by_id) if by_id is not None else None
    if unit is None or (by_id is not None and (by is None or not can(by, Role.MANAGER, unit))):
        raise DomainError(_("您无权为该单位出具证明。"), code="out_of_scope")
    certificates = issue_unit_certificates(unit.id, year, by=by, progress=progress)
    if not certificates:
        raise DomainError(
            _("%(unit)s %(year)d 年没有符合条件的人员。", unit=unit.name, year=year),
            code="nobody_eligible",
        )
    ordered = sorted(certificates, key=_department_then_name)
    seals: dict[int, bytes | None] = {}

    def seal(certificate: Certificate) -> bytes | None:
        year_key = certificate.year or 0
        if year_key not in seals:
            seals[year_key] = seal_of(certificate)
        return seals[year_key]

    def counted():
        for done, certificate in enumerate(ordered, start=1):
            yield certificate
            if progress is not None:
                progress(done, len(ordered))

    return printing.batch_pdf(counted(), seal)


def _department_then_name(certificate: Certificate) -> tuple[str, str, str]:
    content = certificate.content
    return (content["unit"], content["department"], content["name"])
