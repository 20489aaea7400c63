"""What an issued certificate freezes: the person, the figures and the issuer, as of today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from flask import current_app

from volunteer.auth.models import Account
from volunteer.certificates import queries
from volunteer.certificates.models import CertificateKind, IssuingSettings
from volunteer.certificates.stars import star_level
from volunteer.core.masking import mask_id_card
from volunteer.core.numbers import format_hours
from volunteer.registration.models import Registration
from volunteer.units.models import Unit, UnitKind
from volunteer.units.queries import organisation_root


@dataclass(frozen=True)
class Person:
    """Who a certificate is for, with the registration and unit read for them."""

    account: Account
    registration: Registration | None

    @property
    def unit(self) -> Unit | None:
        """Return the unit a person belongs to: the roster's, or the registration link's."""
        if self.account.staff_member is not None:
            return self.account.staff_member.unit
        return self.registration.unit if self.registration is not None else None

    @classmethod
    def of(cls, account: Account) -> Person:
        """Read the registration of one account."""
        return cls(account, queries.registration_of(account))


def unit_and_department(unit: Unit | None) -> tuple[str, str]:
    """Name the unit and, when the person's unit is a department, the department."""
    if unit is None:
        return "", ""
    if unit.kind is UnitKind.DEPARTMENT and unit.parent is not None:
        return unit.parent.name, unit.name
    return unit.name, ""


def issuer_of(settings: IssuingSettings | None) -> dict[str, str]:
    """Return the issuing body and its people from the year's settings, or the organisation."""
    if settings is not None:
        return {
            "body": settings.issuing_body,
            "head": settings.head or "",
            "clerk": settings.clerk or "",
            "contact": settings.contact or "",
        }
    root = organisation_root()
    body = root.name if root is not None else current_app.config["ORGANISATION_NAME"]
    return {"body": body, "head": "", "clerk": "", "contact": ""}


def stars_for(hours: Decimal) -> int:
    """Return the star standard cumulative approved hours reach, by the configured scale."""
    return star_level(hours, current_app.config["STAR_THRESHOLDS"])


def person_content(person: Person) -> dict[str, Any]:
    """Return the person's part: name, masked ID, national volunteer number, unit."""
    account, registration = person.account, person.registration
    staff = account.staff_member
    unit_name, department = unit_and_department(person.unit)
    return {
        "name": staff.name if staff is not None else account.display_name,
        "masked_id": mask_id_card(staff.id_card if staff is not None else None),
        "volunteer_no": (registration.national_volunteer_no or "") if registration else "",
        "unit": unit_name,
        "department": department,
    }


def annual_content(
    person: Person,
    year: int,
    figures: queries.Figures,
    *,
    cumulative: Decimal,
    today: date,
    detailed: bool,
    issuer: dict[str, str],
) -> dict[str, Any]:
    """Freeze an annual certificate: one year's approved figures, up to today if not ended."""
    content = person_content(person)
    content.update(
        kind=CertificateKind.ANNUAL.value,
        first_year=year,
        last_year=year,
        until=today.isoformat() if today < date(year, 12, 31) else None,
        hours=format_hours(figures.hours),
        activities=figures.activities,
        categories=[[name, format_hours(hours)] for name, hours in figures.categories],
        years=[],
        stars=stars_for(cumulative),
        issue_date=today.isoformat(),
        issuer=issuer,
    )
    if detailed:
        content["services"] = _services(person.account.id, year)
    return content


def record_content(
    person: Person,
    rows: list[queries.YearRow],
    *,
    today: date,
    detailed: bool,
    issuer: dict[str, str],
) -> dict[str, Any]:
    """Freeze a record certificate: every year served, one line each, with cumulative hours."""
    figures = queries.figures_of(person.account.id)
    years, running = [], Decimal("0")
    for row in rows:
        running += row.hours
        years.append([row.year, format_hours(row.hours), row.activities, format_hours(running)])
    last = rows[-1].year
    content = person_content(person)
    content.update(
        kind=CertificateKind.RECORD.value,
        first_year=rows[0].year,
        last_year=last,
        until=today.isoformat() if last == today.year and today < date(last, 12, 31) else None,
        hours=format_hours(figures.hours),
        activities=figures.activities,
        categories=[[name, format_hours(hours)] for name, hours in figures.categories],
        years=years,
        stars=stars_for(running),
        issue_date=today.isoformat(),
        issuer=issuer,
    )
    if detailed:
        content["services"] = _services(person.account.id, None)
    return content


def _services(account_id: int, year: int | None) -> list[list[str]]:
    return [
        [day.isoformat(), title, format_hours(hours)]
        for day, title, hours in queries.service_lines(account_id, year)
    ]
