"""Normalise and check the fields people type or import: names, 工号, phones, ID numbers, dates.

Pure functions on strings, shared by the web forms and the imports so both accept the same input.
Only identifiers and figures are folded to half-width; free text keeps the characters typed.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from volunteer.texts import N_

_SPACES = re.compile(r"\s+")
_LINE_BREAK = re.compile(r"\r\n?")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
# A dot-atom before the @ and a dotted host name with a letters-only top level after it: what
# mail servers take in practice (no quoted local parts, no bare IP addresses, ASCII only).
_EMAIL_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_EMAIL_DOMAIN = re.compile(r"^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")
MAX_EMAIL = 254
_DATE_PATTERNS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
# GB 11643-1999: weights of the first 17 digits, and the check character for sum mod 11.
_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"

GENDERS = {"男", "女"}


def clean_text(value: str | None) -> str:
    """Trim free text and unify its line breaks, keeping every character as it was typed.

    For titles, places, descriptions, reasons, notes, contacts and the names of units, teams and
    projects: "（）：" stay full-width, because that is how Chinese is written.
    """
    if value is None:
        return ""
    return _LINE_BREAK.sub("\n", str(value)).strip()


def trim_name(value: str | None) -> str:
    """Trim a person's name and collapse its spaces; spaces inside a Chinese name are noise."""
    text = _SPACES.sub(" ", clean_text(value))
    if text and all(_is_cjk(ch) or ch == " " for ch in text):
        return text.replace(" ", "")
    return text


def fold_identifier(value: str | None) -> str:
    """Fold an identifier (工号, ID number, code, number) to half-width upper case, no spaces."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(value or ""))).upper()


def fold_width(value: str | None) -> str:
    """Fold a typed date, time or amount to half-width, trimmed, with single spaces.

    Also the key to compare free text by (a title in a sheet with the one stored); never the
    text to keep.
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", str(value or ""))).strip()


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or ch == "·"


def is_valid_phone(phone: str) -> bool:
    """Accept a mainland mobile number or a landline with area code."""
    return bool(_MOBILE.match(phone) or _LANDLINE.match(phone))


def normalise_email(value: str | None) -> str:
    """Trim an e-mail address, fold a full-width one to half-width, lower-case its domain only.

    The part before the @ is kept as typed: some mail servers tell its cases apart.
    """
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    local, at, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}" if at else text


def email_problem(address: str) -> str | None:
    """Return why an e-mail address cannot be mailed to, or None when it can."""
    if len(address) > MAX_EMAIL:
        return N_("邮箱地址过长（最多 254 个字符）")
    local, at, domain = address.rpartition("@")
    if not (at and len(local) <= 64 and _EMAIL_LOCAL.match(local) and _EMAIL_DOMAIN.match(domain)):
        return N_("邮箱地址格式不正确，应形如 zhangsan@example.org")
    return None


def names_someone(text: str | None) -> bool:
    """Say whether contact text holds a name (any letter), not only a phone number."""
    return any(ch.isalpha() for ch in text or "")


def normalise_phone(value: str | None) -> str:
    """Normalise a phone: a mobile written 138-0013-8000 or +86 138… becomes 11 digits."""
    phone = fold_identifier(value)
    compact = phone.removeprefix("+86").replace("-", "")
    if len(compact) == 11 and compact.startswith("1") and is_valid_phone(compact):
        return compact
    return phone


def id_card_problem(number: str) -> str | None:
    """Return why an 18-character resident ID number is invalid, or None when it is valid."""
    if len(number) != 18:
        return N_("身份证号应为18位")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return N_("身份证号格式不正确")
    try:
        datetime.strptime(number[6:14], "%Y%m%d")
    except ValueError:
        return N_("身份证号中的出生日期无效")
    if id_card_check_char(number[:17]) != number[17]:
        return N_("身份证号校验位错误")
    return None


def id_card_check_char(first17: str) -> str:
    """Return the check character (0-9 or X) that completes 17 digits of an ID number."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def parse_date(value: str) -> date | None:
    """Read the date formats people use in China's spreadsheets; None when unreadable."""
    text = fold_identifier(value)
    if not text:
        return None
    text = text.split("T")[0].split(" ")[0]
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return date(*(int(part) for part in match.groups()))
            except ValueError:
                return None
    return None
