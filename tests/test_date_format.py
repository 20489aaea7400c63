"""Every page writes a date one way, 2026-03-05 (times 09:00): never 2026/3/5 beside it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from progress_world import _day, hospital_fixture  # noqa: F401
from sqlalchemy import select

from volunteer.core.times import day_text
from volunteer.people.models import StaffMember
from volunteer.registration.models import Registration

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((ROOT / "templates").glob("**/*.html"))
SLASHED = re.compile(r"\b\d{4}/\d{1,2}/\d{1,2}\b")


def test_a_date_reads_year_month_day_with_dashes():
    assert day_text(date(2026, 12, 2)) == "2026-12-02"
    assert day_text(None) == ""


def test_no_template_formats_a_date_by_the_locales_short_form():
    # Babel's short form is 2026/12/2 in Chinese and 12/2/26 in English.
    offenders = [
        str(t.relative_to(ROOT)) for t in TEMPLATES if "dateformat('short')" in t.read_text()
    ]
    assert not offenders


def test_the_roster_and_a_persons_page_write_dates_alike(client, login_as, db, hospital):
    li = db.session.scalar(select(StaffMember).where(StaffMember.name == "李四"))
    registration = db.session.scalar(select(Registration).where(Registration.staff_member == li))
    registration.registered_on = date(2026, 3, 5)
    db.session.commit()
    login_as(hospital["manager"])

    roster = client.get(f"/units/{hospital['a'].id}/staff").get_data(as_text=True)
    person = client.get(f"/progress/people/{li.id}").get_data(as_text=True)

    assert "2026-03-05" in roster and "2026-03-05" in person
    assert _day(hospital["year"]).isoformat() in person  # the service records' dates
    assert not SLASHED.search(roster) and not SLASHED.search(person)
