"""Load a small demo organisation: a commission, 3 hospitals with departments, ~200 staff,
and (demo.activities, demo.year, demo.records) teams, a year of activities and service records
in every state, and (demo.today) an activity running now."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func

from volunteer.auth import services as auth_services
from volunteer.auth.models import Account, Role, RoleGrant
from volunteer.clock import local_day, utc_now
from volunteer.demo.logins import DEMO_PASSWORD, open_volunteer_login
from volunteer.demo.people import make_people
from volunteer.demo.plans import REGISTERED_SHARE
from volunteer.demo.records import load_service_demo
from volunteer.demo.year import Advance
from volunteer.extensions import db
from volunteer.people.models import EmploymentStatus, StaffMember
from volunteer.registration.models import Registration, RegistrationSource, RegistrationStatus
from volunteer.targets.models import YearlyTarget
from volunteer.units.models import Unit, UnitKind
from volunteer.units.services import create_unit

TREE = {
    ("WJW", "示范市卫生健康委员会"): {
        ("SY01", "示范市第一人民医院"): ["急诊科", "心血管内科", "儿科", "护理部", "门诊部"],
        ("ZY02", "示范市中医院"): ["针灸推拿科", "治未病中心", "药剂科"],
        ("JK03", "示范市疾病预防控制中心"): ["免疫规划所", "健康教育所"],
    }
}
STAFF_PER_UNIT = {"SY01": 90, "ZY02": 60, "JK03": 50}


@dataclass(frozen=True)
class DemoLogin:
    """A login printed for people trying the demo."""

    role: str
    username: str
    password: str
    scope: str


def demo_loaded() -> bool:
    """Say whether the database already holds units (the demo, or real data)."""
    return bool(db.session.scalar(db.select(func.count(Unit.id))))


def load_demo(now: datetime | None = None, advance: Advance | None = None) -> list[DemoLogin]:
    """Create the demo organisation, its staff, registrations, a login per role and a year.

    `now` (default: the real one) is the moment the demo is loaded as of; tests load it as of
    an earlier day. `advance` is told how many sessions have been written, for a progress bar.
    """
    now = now or utc_now()
    today = local_day(now)
    rng = random.Random(7)
    ((root_key, hospitals),) = TREE.items()
    root = create_unit(
        code=root_key[0], name=root_key[1], kind=UnitKind.ORGANISATION, parent=None, actor=None
    )
    people = iter(make_people(sum(STAFF_PER_UNIT.values())))
    staff_by_hospital: dict[str, list[StaffMember]] = {}
    for hospital_number, ((code, name), departments) in enumerate(hospitals.items(), start=1):
        hospital = create_unit(code=code, name=name, kind=UnitKind.UNIT, parent=root, actor=None)
        units = [
            create_unit(
                code=f"{code}-{n:02d}",
                name=dept,
                kind=UnitKind.DEPARTMENT,
                parent=hospital,
                actor=None,
            )
            for n, dept in enumerate(departments, start=1)
        ]
        staff_by_hospital[code] = [
            _add_person(
                next(people), f"{hospital_number:02d}{n:04d}", rng.choice(units), rng, today
            )
            for n in range(1, STAFF_PER_UNIT[code] + 1)
        ]
    db.session.flush()

    for code, staff in staff_by_hospital.items():
        for person in staff:
            if person.status == EmploymentStatus.ACTIVE and rng.random() < REGISTERED_SHARE[code]:
                _register(person, today - timedelta(days=rng.randrange(400)))

    first = staff_by_hospital["SY01"]
    hospital_one, emergency = _unit("SY01"), _unit("SY01-01")
    logins = [
        _staff_login("admin", "系统管理员", Role.ADMIN, root),
        _staff_login("manager", "第一医院志愿服务管理员", Role.MANAGER, hospital_one),
        _staff_login("coordinator", "急诊科活动负责人", Role.COORDINATOR, emergency),
        _volunteer_login(next(p for p in first if p.status == EmploymentStatus.ACTIVE), today),
    ]
    _pending_example(hospital_one, today)
    volunteer = db.session.scalar(db.select(Account).where(Account.username == logins[-1].username))
    load_service_demo(rng, volunteer, now, advance or (lambda _sessions: None))
    # The year's targets as a commission's notice would set them (docs/rules.md §4.1).
    db.session.add(
        YearlyTarget(
            year=today.year,
            registration_rate=Decimal("1"),
            hours_per_person=Decimal("48"),
            document=f"示范市卫健委〔{today.year}〕8号 关于开展志愿服务工作的通知",
        )
    )
    return logins


def existing_logins() -> list[DemoLogin]:
    """Return the demo logins of an already loaded demo (empty for a real deployment)."""
    logins = []
    for role in (Role.ADMIN, Role.MANAGER, Role.COORDINATOR, Role.VOLUNTEER):
        account = db.session.scalar(
            db.select(Account)
            .join(RoleGrant, RoleGrant.account_id == Account.id)
            .where(RoleGrant.role == role, RoleGrant.revoked_at.is_(None))
            .order_by(Account.id)
        )
        if account is not None and account.check_password(DEMO_PASSWORD):
            scope = scope_name(account.grants[0].unit) if account.grants else ""
            logins.append(DemoLogin(str(role), account.username, DEMO_PASSWORD, scope))
    return logins


def scope_name(unit: Unit) -> str:
    """Name a login's unit as the README does: a department after its hospital."""
    if unit.kind == UnitKind.DEPARTMENT and unit.parent is not None:
        return f"{unit.parent.name} › {unit.name}"
    return unit.name


def _unit(code: str) -> Unit:
    return db.session.scalars(db.select(Unit).where(Unit.code == code)).one()


def _add_person(demo, staff_no: str, unit: Unit, rng: random.Random, today: date) -> StaffMember:
    person = StaffMember(
        staff_no=staff_no,
        name=demo.name,
        unit=unit,
        phone=demo.phone,
        email=demo.email,
        gender=demo.gender,
        id_card=demo.id_card if rng.random() < 0.8 else None,
        political_status=demo.political_status,
        hired_on=demo.hired_on,
    )
    if rng.random() < 0.04:
        person.status = EmploymentStatus.LEFT
        person.left_on = today - timedelta(days=rng.randint(30, 300))
    db.session.add(person)
    return person


def _register(person: StaffMember, on: date, account: Account | None = None) -> Registration:
    registration = Registration(
        status=RegistrationStatus.ACTIVE,
        source=RegistrationSource.SELF,
        staff_member=person,
        account=account,
        unit_id=person.unit_id,
        claimed_name=person.name,
        claimed_staff_no=person.staff_no,
        phone=person.phone,
        registered_on=on,
        consented_at=utc_now(),
    )
    db.session.add(registration)
    return registration


def _staff_login(username: str, name: str, role: Role, unit: Unit) -> DemoLogin:
    account = auth_services.create_account(
        username=username, password=DEMO_PASSWORD, display_name=name, actor=None
    )
    auth_services.grant_role(account=account, role=role, unit=unit, reason="演示数据", actor=None)
    return DemoLogin(
        role=str(role), username=username, password=DEMO_PASSWORD, scope=scope_name(unit)
    )


def _volunteer_login(person: StaffMember, today: date) -> DemoLogin:
    account = open_volunteer_login(person)
    registration = db.session.scalar(
        db.select(Registration).where(Registration.staff_member_id == person.id)
    )
    if registration is None:
        _register(person, today, account)
    else:
        registration.account = account
    return DemoLogin(
        role=str(Role.VOLUNTEER),
        username=person.staff_no,
        password=DEMO_PASSWORD,
        scope=scope_name(person.unit),
    )


def _pending_example(unit: Unit, today: date) -> None:
    """A registration whose name does not match the roster, waiting for the manager."""
    db.session.add(
        Registration(
            status=RegistrationStatus.PENDING,
            source=RegistrationSource.SELF,
            unit_id=unit.id,
            claimed_name="王晓明",
            claimed_staff_no="019999",
            phone="13900009999",
            registered_on=today,
            consented_at=utc_now(),
        )
    )
