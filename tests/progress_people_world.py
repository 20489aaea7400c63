"""A hand-built organisation for the people, person and breakdown pages, every figure known.

Last year (Y), measured on 31 December, with the default target of 48 h:

hospital A (H-A, department H-A-01)                       approved in Y
  张一  H-A-01  registered, 中共党员      Act1 10 + Act2 20 + make-up Act2 6 = 36 (make-up 6)
                                          + 4 h waiting and 5 h rejected (neither counts)
  王二  H-A-01  registered, 农工党党员    Act1 30 + Act3 20 = 50
  李三  H-A     not registered, no login  0
  钱五  H-A-01  registered, 中共预备党员  Act4 8 (served in April while still in H-B-01;
                moved H-B-01 → H-A-01 on 1 June Y, so the hours follow him to H-A)
  赵四  H-A-01  registered, left 1 September Y: Act1 12, never counted on D
hospital B (H-B, department H-B-01)
  周七  H-B-01  registered                Act4 5
an external volunteer (no staff row)      Act1 100, never counted

Act1: H-A, team T1, project P1, category 1, theme March Y    (张一 10, 王二 30, 赵四 12, ext 100)
Act2: H-A, no team, no project, category 2, no theme          (张一 20 + 6)
Act3: H-A-01, team T1, no project, category 3, theme June Y   (王二 20)
Act4: H-B, team T2, project P2, category 1, no theme          (钱五 8, 周七 5)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from conftest import local_time

from volunteer.activities.models import Activity, MonthlyTheme, Project, Team
from volunteer.auth.models import Account, Role
from volunteer.people.models import EmploymentStatus, StaffMember, StaffTransfer
from volunteer.records.models import RecordSource, RecordStatus, ServiceRecord
from volunteer.records.totals import rebuild_totals
from volunteer.registration.models import Registration, RegistrationStatus

# Last year in the default zone (tests keep Asia/Shanghai): measured on its 31 December.
Y = datetime.now(ZoneInfo("Asia/Shanghai")).year - 1
ID_CARD = "11010519491231002X"


@dataclass
class PeopleWorld:
    """The organisation above: units, people by name, accounts by name, activities."""

    units: dict
    staff: dict[str, StaffMember]
    accounts: dict[str, Account]
    activities: dict[str, Activity]
    teams: dict[str, Team]
    projects: dict[str, Project]
    themes: dict[str, MonthlyTheme]


def _register(db, person: StaffMember | None, account: Account, unit, **fields) -> None:
    db.session.add(
        Registration(
            status=RegistrationStatus.ACTIVE,
            unit_id=unit.id,
            staff_member_id=person.id if person else None,
            account_id=account.id,
            claimed_name=account.display_name,
            claimed_staff_no=person.staff_no if person else None,
            registered_on=date(Y, 1, 10),
            **fields,
        )
    )


def add_record(db, account: Account, activity: Activity, day: date, hours: str, **fields):
    """Insert a record as the services would leave it (totals are rebuilt afterwards)."""
    begin = local_time(day.year, day.month, day.day, 9, 0)
    record = ServiceRecord(
        account_id=account.id,
        activity_id=activity.id,
        source=fields.pop("source", RecordSource.SELF_SCAN),
        status=fields.pop("status", RecordStatus.APPROVED),
        signed_in_at=begin,
        signed_out_at=begin + timedelta(hours=float(hours)),
        service_date=day,
        credited_minutes=int(Decimal(hours) * 60),
        hours=Decimal(hours),
        **fields,
    )
    db.session.add(record)
    return record


# Named apart from its fixture name, so test modules import it without shadowing warnings.
@pytest.fixture(name="people_world")
def people_world_fixture(db, org, make_staff, make_account, make_activity) -> PeopleWorld:
    a, a1, b, b1 = org["a"], org["a1"], org["b"], org["b1"]
    staff = {
        "张一": make_staff(
            a1,
            "张一",
            "S001",
            phone="13812345678",
            id_card=ID_CARD,
            political_status="中共党员",
        ),
        "王二": make_staff(a1, "王二", "S002", political_status="农工党党员"),
        "李三": make_staff(a, "李三", "S003"),
        "钱五": make_staff(a1, "钱五", "S005", political_status="中共预备党员"),
        "赵四": make_staff(a1, "赵四", "S004", status=EmploymentStatus.LEFT, left_on=date(Y, 9, 1)),
        "周七": make_staff(b1, "周七", "S007"),
    }
    db.session.add(
        StaffTransfer(
            staff_member_id=staff["钱五"].id,
            from_unit_id=b1.id,
            to_unit_id=a1.id,
            effective_on=date(Y, 6, 1),
        )
    )
    accounts = {}
    for name in ("张一", "王二", "钱五", "赵四", "周七"):
        person = staff[name]
        accounts[name] = make_account(
            person.staff_no, Role.VOLUNTEER, person.unit, staff_member=person
        )
        _register(db, person, accounts[name], person.unit, national_volunteer_no=f"NV-{name}")
    accounts["external"] = make_account("ext", Role.VOLUNTEER, a, display_name="外来志愿者")
    _register(db, None, accounts["external"], a, is_external=True, external_affiliation="社区")

    teams = {
        "T1": Team(name="医院服务队", unit_id=a.id),
        "T2": Team(name="急诊服务队", unit_id=b.id),
    }
    projects = {
        "P1": Project(name="健康进社区", unit_id=a.id),
        "P2": Project(name="急救培训", unit_id=b.id),
    }
    themes = {
        "March": MonthlyTheme(year=Y, month=3, title="学雷锋"),
        "June": MonthlyTheme(year=Y, month=6, title="健康宣教"),
    }
    db.session.add_all([*teams.values(), *projects.values(), *themes.values()])
    db.session.flush()
    start = local_time(Y, 3, 5, 8, 0)
    activities = {
        "Act1": make_activity(
            a,
            "社区义诊",
            starts_at=start,
            hours=12,
            team_id=teams["T1"].id,
            project_id=projects["P1"].id,
            theme_id=themes["March"].id,
        ),
        "Act2": make_activity(a, "健康讲座", starts_at=start, hours=12, category_id=2),
        "Act3": make_activity(
            a1,
            "导诊服务",
            starts_at=start,
            hours=12,
            category_id=3,
            team_id=teams["T1"].id,
            theme_id=themes["June"].id,
        ),
        "Act4": make_activity(
            b,
            "急救培训",
            starts_at=start,
            hours=12,
            team_id=teams["T2"].id,
            project_id=projects["P2"].id,
        ),
    }
    act, who = activities, accounts
    add_record(db, who["张一"], act["Act1"], date(Y, 3, 5), "10")
    add_record(db, who["张一"], act["Act2"], date(Y, 6, 10), "20")
    add_record(db, who["张一"], act["Act2"], date(Y, 7, 1), "6", source=RecordSource.MAKE_UP)
    add_record(db, who["张一"], act["Act1"], date(Y, 3, 20), "4", status=RecordStatus.NEEDS_REVIEW)
    add_record(db, who["张一"], act["Act1"], date(Y, 4, 1), "5", status=RecordStatus.REJECTED)
    add_record(db, who["王二"], act["Act1"], date(Y, 3, 5), "30")
    add_record(db, who["王二"], act["Act3"], date(Y, 6, 15), "20")
    add_record(db, who["钱五"], act["Act4"], date(Y, 4, 2), "8")
    add_record(db, who["赵四"], act["Act1"], date(Y, 3, 5), "12")
    add_record(db, who["周七"], act["Act4"], date(Y, 4, 2), "5")
    add_record(db, who["external"], act["Act1"], date(Y, 3, 5), "100")
    # A record of the year before must not leak into Y.
    add_record(db, who["王二"], act["Act1"], date(Y - 1, 12, 31), "7")
    db.session.flush()
    rebuild_totals()
    db.session.commit()
    return PeopleWorld(org, staff, accounts, activities, teams, projects, themes)
