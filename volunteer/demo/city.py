"""City-scale demo data (`flask demo-data --scale city`): a commission with about 60 units,
300 departments, 30,000 staff and 1.2 million service records over the current year.

Written in bulk (demo.city_write), not through the services: a service call per record would
take hours. What the services keep exact is rebuilt afterwards (records.totals.rebuild_totals),
so the per-person totals match the records. The same seed and day always give the same city.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from werkzeug.security import generate_password_hash

from volunteer.audit.services import record_change
from volunteer.auth import services as auth_services
from volunteer.auth.models import Account, Role
from volunteer.clock import local_today, local_zone
from volunteer.demo.city_activities import add_activities
from volunteer.demo.city_people import add_registrations, add_staff
from volunteer.demo.city_records import add_records
from volunteer.demo.city_write import BulkWriter
from volunteer.demo.logins import DEMO_PASSWORD
from volunteer.demo.services import DemoLogin
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.progress.roster import rebuild_roster
from volunteer.records.totals import rebuild_totals
from volunteer.units.models import Unit, UnitKind
from volunteer.units.services import create_unit

# Reports progress: (what is being done, how many more rows are written).
Advance = Callable[[str, int], None]

ROOT = ("WJW", "示范市卫生健康委员会")
CITY_HOSPITALS = [f"示范市第{n}人民医院" for n in "一二三四五六七八"] + [
    "示范市中医院",
    "示范市中西医结合医院",
    "示范市妇幼保健院",
    "示范市儿童医院",
    "示范市口腔医院",
    "示范市肿瘤医院",
    "示范市精神卫生中心",
    "示范市传染病医院",
    "示范市康复医院",
]
PUBLIC_HEALTH = [
    "示范市疾病预防控制中心",
    "示范市急救中心",
    "示范市血液中心",
    "示范市卫生健康监督所",
    "示范市健康教育所",
]
DISTRICTS = ["东城区", "西城区", "南湖区", "北山区", "滨江区", "临江区", "青山区", "秀水区"]
DISTRICT_UNITS = ["人民医院", "中医院", "妇幼保健院"]
STREETS = [
    "解放路",
    "湖滨",
    "小营",
    "望江",
    "清波",
    "紫阳",
    "南星",
    "凯旋",
    "采荷",
    "闸弄口",
    "四季青",
    "笕桥",
    "彭埠",
    "九堡",
]
CLINICAL = [
    "急诊科",
    "心血管内科",
    "呼吸内科",
    "消化内科",
    "神经内科",
    "普外科",
    "骨科",
    "儿科",
    "妇产科",
    "眼科",
    "耳鼻喉科",
    "皮肤科",
    "中医科",
    "康复医学科",
    "麻醉科",
    "检验科",
    "放射科",
    "药剂科",
    "护理部",
    "门诊部",
    "医务科",
    "院办",
]
PUBLIC_HEALTH_DEPARTMENTS = [
    "办公室",
    "免疫规划所",
    "传染病防制所",
    "健康教育所",
    "检验中心",
    "应急办",
]
COMMUNITY_DEPARTMENTS = ["全科诊室", "预防保健科", "护理站", "公共卫生科", "中医馆", "办公室"]


@dataclass(frozen=True)
class CitySize:
    """How big a city to generate; the default is the issue's city scale."""

    units: int = 60
    departments: int = 5  # per unit
    staff: int = 30_000
    records: int = 1_200_000


CITY = CitySize()


@dataclass
class Top:
    """A unit directly under the commission, or the commission itself: where people serve."""

    index: int
    id: int
    code: str
    name: str
    kind: str  # hospital, public_health, community or commission
    departments: list[int]
    weight: float  # share of the staff


@dataclass
class City:
    """What the generation steps share: the calendar, the tree and the people written so far."""

    rng: random.Random
    writer: BulkWriter
    size: CitySize
    today: date
    advance: Advance
    password_hash: str
    tops: list[Top] = field(default_factory=list)
    top_of_unit: dict[int, int] = field(default_factory=dict)  # unit id -> Top.index
    admin_id: int = 0
    manager_id: int = 0
    staff: list = field(default_factory=list)  # city_people.Staff
    volunteers: list = field(default_factory=list)  # city_people.Volunteer
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def year_start(self) -> date:
        return date(self.today.year, 1, 1)

    @property
    def last_day(self) -> date:
        """Records end yesterday: nothing is dated in the future, no session is open."""
        return self.today - timedelta(days=1)

    @property
    def days(self) -> int:
        """Days of service in the year so far (0 on 1 January)."""
        return max(0, (self.last_day - self.year_start).days + 1)

    def day_between(self, first: date, last: date) -> date:
        """A random day in [first, last]; `first` when the range is empty."""
        span = (last - first).days
        return first if span <= 0 else first + timedelta(days=self.rng.randrange(span + 1))

    def local_moment(self, day: date, minutes: int = 0) -> datetime:
        """Return local `day` at 00:00 plus `minutes`, as a naive UTC datetime for writing."""
        moment = datetime.combine(day, time(), local_zone()) + timedelta(minutes=minutes)
        return moment.astimezone(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class CityLoaded:
    """What `load_city` wrote, for the CLI to print."""

    counts: dict[str, int]
    logins: list[DemoLogin]


def load_city(
    size: CitySize = CITY,
    *,
    today: date | None = None,
    seed: int = 2026,
    advance: Advance | None = None,
) -> CityLoaded:
    """Write the city into an empty tree; the caller commits. `today` defaults to the real one."""
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    city = City(
        rng=random.Random(seed),
        writer=BulkWriter(),
        size=size,
        today=today or local_today(),
        advance=advance or (lambda _what, _rows: None),
        # One hash for every generated login: scrypt for each of 30,000 would take hours.
        password_hash=generate_password_hash(DEMO_PASSWORD, method=method),
    )
    city.advance("单位 units", 0)
    root = _add_units(city)
    logins = _staff_logins(root, city)
    add_staff(city)
    add_registrations(city)
    logins.append(_first_volunteer_login(city))
    calendar = add_activities(city)
    add_records(city, calendar)
    city.advance("每人年度时长 per-person totals", 0)
    city.counts["person_year_hours"] = rebuild_totals()
    city.counts["roster_entry"] = rebuild_roster()
    city.writer.fix_sequences(["staff_member", "account", "activity", "team", "project"])
    record_change(
        action="demo.city",
        subject_type="unit",
        subject_id=root.id,
        unit_id=root.id,
        after={"today": city.today.isoformat(), "seed": seed, **city.counts},
        reason="城市规模演示数据",
    )
    db.session.flush()
    city.advance("完成 done", size.records // 20)
    return CityLoaded(counts=dict(city.counts), logins=logins)


def analyze_after_load() -> None:
    """Refresh PostgreSQL's planner statistics once the city is committed."""
    BulkWriter().analyze()


def work_estimate(size: CitySize) -> int:
    """The progress bar's length: rows to write, plus a share for rebuilding the totals."""
    return size.staff * 4 + size.records + size.records // 20


# --- The tree ---------------------------------------------------------------------------------


def _unit_names(count: int) -> list[tuple[str, str]]:
    """(name, kind) of `count` units: city hospitals, public health, districts, communities."""
    names = [(name, "hospital") for name in CITY_HOSPITALS]
    names += [(name, "public_health") for name in PUBLIC_HEALTH]
    names += [(f"示范市{d}{u}", "hospital") for d in DISTRICTS for u in DISTRICT_UNITS]
    names += [(f"{street}街道社区卫生服务中心", "community") for street in STREETS]
    extra = range(len(names) + 1, count + 1)
    names += [(f"示范市第{n}社区卫生服务中心", "community") for n in extra]
    return names[:count]


def _departments_of(kind: str) -> list[str]:
    if kind == "public_health":
        return PUBLIC_HEALTH_DEPARTMENTS
    if kind == "community":
        return COMMUNITY_DEPARTMENTS
    return CLINICAL


def _add_units(city: City) -> Unit:
    """The commission, its units and their departments, through the unit service (audited)."""
    rng = city.rng
    root = create_unit(code=ROOT[0], name=ROOT[1], kind=UnitKind.ORGANISATION, parent=None)
    city.tops.append(Top(0, root.id, root.code, root.name, "commission", [], 0.3))
    city.top_of_unit[root.id] = 0
    for number, (name, kind) in enumerate(_unit_names(city.size.units), start=1):
        unit = create_unit(code=f"H{number:02d}", name=name, kind=UnitKind.UNIT, parent=root)
        # Big city hospitals have most of the staff; community centres a few dozen each.
        weight = {"hospital": 3.0 if number <= 8 else 1.0, "public_health": 0.6}.get(kind, 0.35)
        top = Top(number, unit.id, unit.code, name, kind, [], weight * rng.uniform(0.75, 1.3))
        pool = _departments_of(kind)
        chosen = rng.sample(pool, min(city.size.departments, len(pool)))
        for n, department in enumerate(chosen, start=1):
            child = create_unit(
                code=f"{unit.code}-{n:02d}",
                name=department,
                kind=UnitKind.DEPARTMENT,
                parent=unit,
            )
            top.departments.append(child.id)
            city.top_of_unit[child.id] = number
        city.top_of_unit[unit.id] = number
        city.tops.append(top)
    city.counts["units"] = 1 + len(city.tops) - 1 + sum(len(t.departments) for t in city.tops)
    return root


def _staff_logins(root: Unit, city: City) -> list[DemoLogin]:
    """Admin and manager of the commission, a hospital's manager and a department coordinator."""
    first = db.session.get(Unit, city.tops[1].id)
    department = db.session.get(Unit, city.tops[1].departments[0])
    logins = [
        _staff_login("admin", "系统管理员", Role.ADMIN, root),
        _staff_login("manager", "市卫健委志愿服务管理员", Role.MANAGER, root),
        _staff_login("manager01", f"{first.name}志愿服务管理员", Role.MANAGER, first),
        _staff_login("coordinator", f"{department.name}活动负责人", Role.COORDINATOR, department),
    ]
    db.session.flush()
    ids = dict(
        db.session.execute(
            db.select(Account.username, Account.id).where(
                Account.username.in_(["admin", "manager"])
            )
        ).all()
    )
    city.admin_id, city.manager_id = ids["admin"], ids["manager"]
    return logins


def _first_volunteer_login(city: City) -> DemoLogin:
    """The first registered staff member of the first hospital, printed as the demo volunteer."""
    volunteer = next(v for v in city.volunteers if v.top_after == 1 and v.staff_id)
    person = db.session.get(StaffMember, volunteer.staff_id)
    return DemoLogin(str(Role.VOLUNTEER), person.staff_no, DEMO_PASSWORD, person.unit.name)


def _staff_login(username: str, name: str, role: Role, unit: Unit) -> DemoLogin:
    account = auth_services.create_account(
        username=username, password=DEMO_PASSWORD, display_name=name
    )
    auth_services.grant_role(account=account, role=role, unit=unit, reason="演示数据")
    return DemoLogin(role=str(role), username=username, password=DEMO_PASSWORD, scope=unit.name)
