"""Normalise and check the fields people type or import: names, 工号, phones, ID numbers, dates.

Pure functions on strings, shared by the web forms and the imports so both accept the same input.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from volunteer.texts import N_

_SPACES = re.compile(r"\s+")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
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


def normalise_text(value: str | None) -> str:
    """Fold full-width characters to half-width, trim, and collapse runs of spaces."""
    if value is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", str(value))).strip()


def normalise_name(value: str | None) -> str:
    """Normalise a person's name; spaces inside a Chinese name are typing noise."""
    text = normalise_text(value)
    if text and all(_is_cjk(ch) or ch == " " for ch in text):
        return text.replace(" ", "")
    return text


def normalise_code(value: str | None) -> str:
    """Normalise a code-like field (工号, phone, ID number): half-width, no spaces, upper case."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(value or ""))).upper()


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or ch == "·"


def is_valid_phone(phone: str) -> bool:
    """Accept a mainland mobile number or a landline with area code."""
    return bool(_MOBILE.match(phone) or _LANDLINE.match(phone))


def normalise_phone(value: str | None) -> str:
    """Normalise a phone: a mobile written 138-0013-8000 or +86 138… becomes 11 digits."""
    phone = normalise_code(value)
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
    text = normalise_code(value)
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
