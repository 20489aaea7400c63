"""Province-scale demo data (`flask demo-data --scale province`): a provincial commission over
ten cities, each the shape of the city scale — about 300,000 staff and 12 million records.

Each city is written by the city's own steps (demo.city_*), one after another, with its own
seed, name, unit codes ("C03-H01"), staff numbers ("03" + the city's) and external volunteers;
the first city has the city scale's seed, so it is the same city as `--scale city`. Only one
city's people are held in memory at a time, and its records go out CHUNK rows at a time; the
phones given out so far are shared, so no two logins of the province share one. The derived
tables are rebuilt once at the end, and the records' foreign keys checked once for all cities.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from volunteer.demo.city import (
    CityLoaded,
    CitySize,
    fill_city,
    finish_load,
    first_volunteer_login,
    new_city,
    staff_logins,
    work_estimate,
)
from volunteer.demo.city_state import Advance, Place
from volunteer.demo.city_units import add_units
from volunteer.demo.city_write import BulkWriter
from volunteer.demo.services import DemoLogin
from volunteer.units.models import UnitKind
from volunteer.units.services import create_unit

PROVINCE_CODE, PROVINCE_NAME = "WSJKW", "示范省卫生健康委员会"
CITY_NAMES = [
    "示范市",
    "东州市",
    "西江市",
    "南山市",
    "北原市",
    "清河市",
    "临海市",
    "安平市",
    "长宁市",
    "永和市",
]


@dataclass(frozen=True)
class ProvinceSize:
    """How many cities, each of what size; the default is the issue's province scale."""

    cities: int = 10
    city: CitySize = field(default_factory=CitySize)


PROVINCE = ProvinceSize()


def place_of(number: int) -> Place:
    """The name, codes and staff-number prefix of the province's `number`-th city (from 1)."""
    name = CITY_NAMES[(number - 1) % len(CITY_NAMES)]
    if number > len(CITY_NAMES):
        name = f"{name[:-1]}{number}市"
    return Place(
        name=name,
        code=f"C{number:02d}",
        prefix=f"C{number:02d}-",
        staff_prefix=f"{number:02d}",
        number=number,
    )


def load_province(
    size: ProvinceSize = PROVINCE,
    *,
    today: date | None = None,
    seed: int = 2026,
    advance: Advance | None = None,
) -> CityLoaded:
    """Write the province into an empty tree; the caller commits."""
    tell = advance or (lambda _what, _rows: None)
    root = create_unit(
        code=PROVINCE_CODE, name=PROVINCE_NAME, kind=UnitKind.ORGANISATION, parent=None, actor=None
    )
    logins: list[DemoLogin] = []
    counts: Counter = Counter({"cities": size.cities, "units": 1})
    phones: set[str] = set()
    password_hash, reviewers = None, (0, 0)
    with BulkWriter().foreign_keys_checked_at_the_end("service_record"):
        for number in range(1, size.cities + 1):
            place = place_of(number)
            city = new_city(
                size.city,
                today=today,
                seed=seed + number - 1,
                advance=_labelled(tell, place.name),
                place=place,
                password_hash=password_hash,
                phones=phones,
            )
            password_hash = city.password_hash
            city.advance("单位 units", 0)
            commission = add_units(city, parent=root)
            if number == 1:
                logins = staff_logins(city, root, commission, "省卫健委志愿服务管理员")
                reviewers = (city.admin_id, city.manager_id)
            city.admin_id, city.manager_id = reviewers
            fill_city(city)
            if number == 1:
                logins.append(first_volunteer_login(city))
            counts.update(city.counts)
    city.counts = dict(counts)
    finish_load(city, root, "demo.province", "省级规模演示数据", {"seed": seed})
    tell("完成 done", size.cities * size.city.records // 20)
    return CityLoaded(counts=dict(city.counts), logins=logins)


def province_work_estimate(size: ProvinceSize) -> int:
    """The progress bar's length: each city's rows, plus a share for rebuilding the totals."""
    return size.cities * work_estimate(size.city)


def _labelled(advance: Advance, name: str) -> Advance:
    """Report progress with the city's name before what is being written."""
    return lambda what, rows: advance(f"{name} {what}", rows)
