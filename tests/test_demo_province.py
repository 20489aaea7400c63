"""The province-scale demo (demo-data --scale province), run scaled down: the city's generators
repeated under a provincial commission, with codes, logins and phones unique across cities,
totals that match the records, and the province's figures the sum of its cities'."""

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from volunteer.auth.models import Account
from volunteer.demo import province as province_module
from volunteer.demo.city import CitySize, load_city
from volunteer.demo.province import ProvinceSize, load_province, place_of
from volunteer.people.models import StaffMember
from volunteer.progress.queries.units import progress_with_children
from volunteer.progress.queries.years import measure_for
from volunteer.progress.roster_sync import check_roster
from volunteer.records.models import ServiceRecord
from volunteer.records.queries.totals_check import check_totals
from volunteer.units.models import Unit, UnitKind

SMALL = ProvinceSize(cities=2, city=CitySize(units=2, departments=3, staff=40, records=600))
TODAY = date(2025, 11, 23)


@pytest.fixture
def province(db):
    loaded = load_province(SMALL, today=TODAY)
    db.session.commit()
    return loaded


def test_each_city_sits_under_the_provincial_commission_with_its_own_codes(db, province):
    root = db.session.scalar(select(Unit).where(Unit.parent_id.is_(None)))
    cities = db.session.scalars(select(Unit).where(Unit.parent_id == root.id)).all()
    kinds = Counter(db.session.scalars(select(Unit.kind)))

    assert root.code == "WSJKW"
    assert [(c.code, c.kind) for c in cities] == [
        ("C01", UnitKind.ORGANISATION),
        ("C02", UnitKind.ORGANISATION),
    ]
    assert kinds == {UnitKind.ORGANISATION: 3, UnitKind.UNIT: 4, UnitKind.DEPARTMENT: 12}
    second = db.session.scalar(select(Unit).where(Unit.code == "C02-H01"))
    assert second.path.startswith(cities[1].path) and second.name.startswith("东州市")
    assert province.counts["cities"] == 2 and province.counts["units"] == 19


def test_staff_numbers_logins_and_phones_are_unique_across_cities(db, province):
    staff_nos = list(db.session.scalars(select(StaffMember.staff_no)))
    phones = [p for p in db.session.scalars(select(Account.phone)) if p]

    assert len(staff_nos) == 2 * 40 == province.counts["staff"]
    assert {no[:2] for no in staff_nos} == {"01", "02"}
    assert len(set(phones)) == len(phones) > 2 * 20
    usernames = {login.username for login in province.logins}
    assert {"admin", "manager", "city01", "manager01", "coordinator"} <= usernames


def test_records_of_every_city_add_up_in_the_totals_and_the_province(db, province):
    assert check_totals() == []
    assert check_roster() == []
    root = db.session.scalar(select(Unit).where(Unit.parent_id.is_(None)))

    total, rows = progress_with_children(root, measure_for(TODAY.year, today=TODAY))

    assert [row.code for row in rows] == ["C01", "C02"]
    assert all(row.approved_hours > 0 for row in rows)
    assert total.headcount == sum(row.headcount for row in rows) > 0
    assert total.approved_hours == sum(row.approved_hours for row in rows)
    assert db.session.scalar(select(func.count(ServiceRecord.id))) == province.counts["records"]


def test_the_first_city_is_the_city_scale_city(db):
    """Its seed is the city scale's: the same people, in the same units, with the same hours."""
    load_city(SMALL.city, today=TODAY)
    alone = _city_of(db, "WJW", "")
    db.session.rollback()  # nothing was committed: the city goes, the province comes instead
    load_province(SMALL, today=TODAY)

    assert _city_of(db, "C01", "01") == alone
    assert place_of(1).name == "示范市" and place_of(2).name == "东州市"
    assert place_of(12).code == "C12" and place_of(12).name not in {place_of(2).name}


def _city_of(db, code: str, prefix: str) -> tuple:
    """A city's people (staff number without the prefix, name, unit) and its approved hours."""
    root = db.session.scalar(select(Unit).where(Unit.code == code))
    people = db.session.execute(
        select(StaffMember.staff_no, StaffMember.name, Unit.name)
        .join(Unit, Unit.id == StaffMember.unit_id)
        .where(Unit.path.startswith(root.path))
        .order_by(StaffMember.staff_no)
    ).all()
    total, _rows = progress_with_children(root, measure_for(TODAY.year, today=TODAY))
    staff = [(no.removeprefix(prefix), name, unit) for no, name, unit in people]
    return staff, total.headcount, total.approved_hours


def test_the_command_loads_a_province_on_postgresql_only(db, runner, monkeypatch):
    monkeypatch.setattr(province_module, "PROVINCE", SMALL)

    result = runner.invoke(args=["demo-data", "--scale", "province"])

    if db.engine.dialect.name == "postgresql":
        assert result.exit_code == 0, result.output
        assert "records" in result.output and "city01" in result.output
        assert db.session.scalar(select(func.count(Unit.id))) == 19
    else:
        assert result.exit_code == 1
        assert "只支持 PostgreSQL" in result.output
        assert db.session.scalar(select(func.count(Unit.id))) == 0
