"""Read what a coordinator typed to find a person: part of a name, a whole 工号, a whole phone
number, or part of a name with the phone's last four digits.

A phone is personal data the search must not give away: a fragment of one names nobody, so
nobody can learn the hidden middle digits by trying runs of digits (issue 14). 工号 are matched
whole for the same reason: the person standing there says theirs in full, and a prefix would
only turn the box into a list of everyone. Full-width input (a Chinese keyboard's digits and
letters) is folded first, as the forms fold it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from volunteer.people.validation import (
    fold_identifier,
    fold_width,
    is_valid_phone,
    normalise_phone,
    trim_name,
)

MIN_LENGTH = 2
# Longer than any name, 工号 or phone: the rest is not a search.
MAX_LENGTH = 50
PHONE_TAIL_LENGTH = 4
_DIGIT_RUN = re.compile(r"[0-9]+")
# What people put between a name and the digits after it (or before it).
_SEPARATORS = " -+.,，、"


@dataclass(frozen=True)
class PersonQuery:
    """The ways a typed text may name a person; None for each way it cannot."""

    name: str | None = None  # part of a name
    phone_tail: str | None = None  # the phone's last four digits, only together with `name`
    staff_no: str | None = None  # a whole 工号
    phone: str | None = None  # a whole phone number, as stored


def read_person_query(text: str | None) -> PersonQuery | None:
    """Return what the text names, or None when it is too short to search."""
    folded = fold_width(text)[:MAX_LENGTH]
    if len(folded) < MIN_LENGTH:
        return None
    compact = fold_identifier(folded)
    phone = normalise_phone(folded)
    digit_runs = _DIGIT_RUN.findall(folded)
    name = phone_tail = None
    if not digit_runs:
        words = trim_name(folded)
        name = words if len(words) >= MIN_LENGTH else None
    elif [len(run) for run in digit_runs] == [PHONE_TAIL_LENGTH]:
        words = trim_name(_DIGIT_RUN.sub(" ", folded)).strip(_SEPARATORS)
        if words:
            name, phone_tail = words, digit_runs[0]
    return PersonQuery(
        name=name,
        phone_tail=phone_tail,
        staff_no=compact,
        phone=phone if is_valid_phone(phone) else None,
    )
