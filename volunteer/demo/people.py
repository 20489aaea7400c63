"""Generate plausible Chinese staff: names, phones, valid ID numbers. Pure and seeded."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from volunteer.people.validation import id_card_check_char

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
)
COMPOUND_SURNAMES = ["欧阳", "司马", "上官", "诸葛"]
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红娥玲芬燕彬斌宇浩凯健俊帆"
    "帅旭宁婷雪琳晶妍茜晨欣怡梓涵子轩浩然思远雨萱一诺佳琪晓峰建国志强海燕文博嘉怡"
)
# Area codes of Hangzhou's districts: the first six digits of local ID numbers.
AREA_CODES = ["330102", "330105", "330106", "330108", "330109", "330110"]
# One person in EMAIL_EVERY has an address, so reminders by e-mail can be tried on the demo
# (docs/operations.md: a local SMTP server); example.org never delivers anywhere real.
EMAIL_EVERY = 10
POLITICAL = ["中共党员"] * 3 + ["中共预备党员"] + ["共青团员"] * 2 + ["群众"] * 5 + ["民主党派"]


@dataclass(frozen=True)
class DemoPerson:
    """One generated staff member's fields."""

    name: str
    gender: str
    phone: str
    id_card: str
    political_status: str
    hired_on: date
    email: str | None = None


def make_people(count: int, seed: int = 2026, taken: set[str] | None = None) -> list[DemoPerson]:
    """Return `count` distinct people; the same seed always gives the same people.

    Phones in `taken` are skipped, and the new ones added to it: people made by several calls
    sharing one set never share a phone (a login's phone is unique).
    """
    rng = random.Random(seed)
    people: list[DemoPerson] = []
    names: set[str] = set()
    phones: set[str] = set() if taken is None else taken
    while len(people) < count:
        surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.02 else rng.choice(SURNAMES)
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        name, phone = surname + given, f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
        if name in names or phone in phones:
            continue
        names.add(name)
        phones.add(phone)
        gender = rng.choice("男女")
        birth = date(1965, 1, 1) + timedelta(days=rng.randrange(365 * 37))
        sequence = rng.randrange(0, 99) * 10 + (
            rng.choice((1, 3, 5, 7, 9)) if gender == "男" else 2
        )
        first17 = f"{rng.choice(AREA_CODES)}{birth:%Y%m%d}{sequence:03d}"
        # Twenty-two years after birth (timedelta, since 29 February has no twin in most years).
        hired = max(birth + timedelta(days=round(22 * 365.25)), date(1990, 1, 1))
        hired += timedelta(days=rng.randrange(365 * 5))
        people.append(
            DemoPerson(
                name=name,
                gender=gender,
                phone=phone,
                id_card=first17 + id_card_check_char(first17),
                political_status=rng.choice(POLITICAL),
                hired_on=min(hired, date(2025, 12, 31)),
                # Counted, not drawn: the same seed gives the same people as before addresses.
                email=_demo_email(len(people)),
            )
        )
    return people


def _demo_email(index: int) -> str | None:
    """Return the address of the `index`-th person made (from 0), or None: one in EMAIL_EVERY."""
    return f"staff{index + 1:04d}@example.org" if index % EMAIL_EVERY == 0 else None
