"""The city's tree: the commission, about 60 units under it and their departments.

Made through the unit service (audited, by the system: no one is signed in to the CLI).
"""

from __future__ import annotations

from volunteer.demo.city_state import City, Top
from volunteer.units.models import Unit, UnitKind
from volunteer.units.services import create_unit

ROOT_NAME = "示范市卫生健康委员会"  # its code is Place.code
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


def add_units(city: City, parent: Unit | None = None) -> Unit:
    """The commission (under `parent` in a province), its units and their departments, through
    the unit service (audited)."""
    rng, place = city.rng, city.place
    root = create_unit(
        code=place.code,
        name=ROOT_NAME.replace("示范市", place.name),
        kind=UnitKind.ORGANISATION,
        parent=parent,
        actor=None,
    )
    city.tops.append(Top(0, root.id, root.code, root.name, "commission", [], 0.3))
    city.top_of_unit[root.id] = 0
    for number, (name, kind) in enumerate(_unit_names(city.size.units), start=1):
        unit = create_unit(
            code=f"{place.prefix}H{number:02d}",
            name=name.replace("示范市", place.name),
            kind=UnitKind.UNIT,
            parent=root,
            actor=None,
        )
        # Big city hospitals have most of the staff; community centres a few dozen each.
        weight = {"hospital": 3.0 if number <= 8 else 1.0, "public_health": 0.6}.get(kind, 0.35)
        top = Top(number, unit.id, unit.code, unit.name, kind, [], weight * rng.uniform(0.75, 1.3))
        pool = _departments_of(kind)
        chosen = rng.sample(pool, min(city.size.departments, len(pool)))
        for n, department in enumerate(chosen, start=1):
            child = create_unit(
                code=f"{unit.code}-{n:02d}",
                name=department,
                kind=UnitKind.DEPARTMENT,
                parent=unit,
                actor=None,
            )
            top.departments.append(child.id)
            city.top_of_unit[child.id] = number
        city.top_of_unit[unit.id] = number
        city.tops.append(top)
    city.counts["units"] = 1 + len(city.tops) - 1 + sum(len(t.departments) for t in city.tops)
    return root
