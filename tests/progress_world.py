"""Hospital A of the unit progress page tests, every figure known, and how they read the page.

Hospital A this year (Y, measured on today D), default targets 100% and 48 h:

  H-A-01 心内科   李四  registered, 中共党员   42 h + 8 h make-up = 50 (and 30 h in Y-1)
                  王五  registered             10 h; 2 h waiting, 5 h rejected (neither counts)
                  赵六  not registered         0 h
  H-A-02 儿科     周九  registered             30 h
  H-A itself      钱七  registered             6 h   (the "本级人员" row)
  H-B-01 急诊科   孙八  registered             20 h

  H-A: 5 in service, 4 registered (80%), 96 h, 19.2 h per person, 1 meeting 48 h (20%),
  8 h make-up, 2 h waiting, 50 h of party members' service.
Registrations are dated today, so in Y-1 (measured on 31 December) nobody is registered yet.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from conftest import local_time
from progress_people_world import add_record

from volunteer.auth.models import Role
from volunteer.clock import local_today
from volunteer.records.models import RecordSource, RecordStatus
from volunteer.records.totals import rebuild_totals
from volunteer.units.models import UnitKind


def _day(year: int) -> date:
    """A service day of `year` on or before today: 5 March, or today early in January–March."""
    return min(date(year, 3, 5), local_today())


@pytest.fixture(name="hospital")
def hospital_fixture(db, org, make_unit, make_staff, make_volunteer, make_activity, make_account):
    """The organisation of the module docstring; returns its units and a manager of H-A."""
    year = local_today().year
    a2 = make_unit("H-A-02", "儿科", parent=org["a"], kind=UnitKind.DEPARTMENT)
    li = make_volunteer(org["a1"], "李四", political_status="中共党员")
    wang = make_volunteer(org["a1"], "王五")
    make_staff(org["a1"], "赵六")
    zhou = make_volunteer(a2, "周九")
    qian = make_volunteer(org["a"], "钱七")
    sun = make_volunteer(org["b1"], "孙八")
    activity = make_activity(org["a"], "社区义诊", starts_at=local_time(year, 1, 1, 9, 0))
    day = _day(year)
    add_record(db, li, activity, day, "42")
    add_record(db, li, activity, day, "8", source=RecordSource.MAKE_UP)
    add_record(db, li, activity, date(year - 1, 6, 1), "30")
    add_record(db, wang, activity, day, "10")
    add_record(db, wang, activity, day, "2", status=RecordStatus.NEEDS_REVIEW)
    add_record(db, wang, activity, day, "5", status=RecordStatus.REJECTED)
    add_record(db, zhou, activity, day, "30")
    add_record(db, qian, activity, day, "6")
    add_record(db, sun, activity, day, "20")
    rebuild_totals()
    db.session.commit()
    manager = make_account("mgr-a", Role.MANAGER, org["a"])
    return {**org, "a2": a2, "manager": manager, "year": year}


def _page(client, unit, **args) -> str:
    response = client.get(f"/progress/units/{unit.id}", query_string=args)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _text(html: str) -> str:
    """The page's text with tags and runs of whitespace collapsed, for phrase assertions."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _chart(html: str, name: str) -> dict:
    block = re.search(
        rf'<script type="application/json" id="chart-{name}-data">(.*?)</script>', html, re.S
    )
    assert block, f"no data block for the {name} chart"
    return json.loads(block.group(1))
