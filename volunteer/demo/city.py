"""City-scale demo data (`flask demo-data --scale city`): a commission with about 60 units,
300 departments, 30,000 staff and 1.2 million service records over the current year.

Written in bulk (demo.city_write), not through the services: a service call per record would
take hours. What the services keep exact is rebuilt afterwards (records.totals.rebuild_totals),
so the per-person totals match the records. The same seed and day always give the same city.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from flask import current_app
from werkzeug.security import generate_password_hash

from volunteer.audit.services import record_change
from volunteer.auth import services as auth_services
from volunteer.auth.models import Account, Role
from volunteer.clock import local_today
from volunteer.demo.city_activities import add_activities
from volunteer.demo.city_records import add_records
from volunteer.demo.city_registrations import add_registrations
from volunteer.demo.city_staff import add_staff
from volunteer.demo.city_state import Advance, City, CitySize, Place
from volunteer.demo.city_units import add_units
from volunteer.demo.city_write import BulkWriter
from volunteer.demo.logins import DEMO_PASSWORD
from volunteer.demo.services import DemoLogin
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.progress.roster_sync import rebuild_roster
from volunteer.records.totals import rebuild_totals
from volunteer.units.models import Unit

# The city scale; tests load a smaller one.
CITY = CitySize()


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
    city = new_city(size, today=today, seed=seed, advance=advance)
    city.advance("单位 units", 0)
    root = add_units(city)
    logins = staff_logins(city, root, root, "市卫健委志愿服务管理员")
    fill_city(city)
    logins.append(first_volunteer_login(city))
    finish_load(city, root, "demo.city", "城市规模演示数据", {"seed": seed})
    city.advance("完成 done", size.records // 20)
    return CityLoaded(counts=dict(city.counts), logins=logins)


def new_city(
    size: CitySize,
    *,
    today: date | None,
    seed: int,
    advance: Advance | None,
    place: Place | None = None,
    password_hash: str | None = None,
    phones: set[str] | None = None,
) -> City:
    """A city to generate: its own seed and place; a province passes its hash and phones on."""
    if password_hash is None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        # One hash for every generated login: scrypt for each of 30,000 would take hours.
        password_hash = generate_password_hash(DEMO_PASSWORD, method=method)
    return City(
        rng=random.Random(seed),
        writer=BulkWriter(),
        size=size,
        today=today or local_today(),
        advance=advance or (lambda _what, _rows: None),
        password_hash=password_hash,
        place=place or Place(),
        phones=set() if phones is None else phones,
    )


def fill_city(city: City) -> None:
    """Write the roster, registrations, activities and records of a city whose tree is made."""
    add_staff(city)
    add_registrations(city)
    calendar = add_activities(city)
    add_records(city, calendar)


def finish_load(city: City, root: Unit, action: str, reason: str, after: dict) -> None:
    """Rebuild what the services keep exact, move the sequences on and audit the load."""
    city.advance("每人年度时长 per-person totals", 0)
    # The breakdown's kept rows need both: rebuild_roster rebuilds them, once.
    city.counts["person_year_hours"] = rebuild_totals(breakdown=False)
    city.counts["roster_entry"] = rebuild_roster()
    city.writer.fix_sequences(["staff_member", "account", "activity", "team", "project"])
    record_change(
        actor_id=None,  # the system: the CLI loads the demo, nobody signed in
        action=action,
        subject_type="unit",
        subject_id=root.id,
        unit_id=root.id,
        after={"today": city.today.isoformat(), **after, **city.counts},
        reason=reason,
    )
    db.session.flush()


def analyze_after_load() -> None:
    """Refresh PostgreSQL's planner statistics once the city is committed."""
    BulkWriter().analyze()


def work_estimate(size: CitySize) -> int:
    """The progress bar's length: rows to write, plus a share for rebuilding the totals."""
    return size.staff * 4 + size.records + size.records // 20


def staff_logins(city: City, top: Unit, commission: Unit, title: str) -> list[DemoLogin]:
    """Admin and manager of the `top` unit, a hospital's manager and a department coordinator
    of the city under `commission`; the records' reviewer is the top unit's manager."""
    first = db.session.get_one(Unit, city.tops[1].id)
    department = db.session.get_one(Unit, city.tops[1].departments[0])
    logins = [
        _staff_login("admin", "系统管理员", Role.ADMIN, top),
        _staff_login("manager", title, Role.MANAGER, top),
    ]
    if commission.id != top.id:
        logins.append(
            _staff_login("city01", f"{commission.name}志愿服务管理员", Role.MANAGER, commission)
        )
    logins += [
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


def first_volunteer_login(city: City) -> DemoLogin:
    """The first registered staff member of the first hospital, printed as the demo volunteer."""
    volunteer = next(v for v in city.volunteers if v.top_after == 1 and v.staff_id)
    person = db.session.get_one(StaffMember, volunteer.staff_id)
    return DemoLogin(str(Role.VOLUNTEER), person.staff_no, DEMO_PASSWORD, person.unit.name)


def _staff_login(username: str, name: str, role: Role, unit: Unit) -> DemoLogin:
    account = auth_services.create_account(
        username=username, password=DEMO_PASSWORD, display_name=name, actor=None
    )
    auth_services.grant_role(account=account, role=role, unit=unit, reason="演示数据", actor=None)
    return DemoLogin(role=str(role), username=username, password=DEMO_PASSWORD, scope=unit.name)
