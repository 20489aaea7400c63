"""Which people a typed search names, as one SQL condition shared by every search box.

The scanner, the make-up page (补录) and the team's member search read the text with
search_text.read_person_query and keep the people it names with `matching`, so no box can be
used to dig out a phone number a fragment at a time (issue 14).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, false, or_

from volunteer.people.search_text import PersonQuery


def matching(
    query: PersonQuery,
    *,
    name: SQLColumnExpression[Any],
    staff_no: SQLColumnExpression[Any],
    phones: list[SQLColumnExpression[Any]],
) -> ColumnElement[bool]:
    """Keep the people the query names: see search_text for what names whom."""
    conditions: list[ColumnElement[bool]] = []
    if query.staff_no:
        conditions.append(staff_no == query.staff_no)
    if query.phone:
        conditions.extend(phone == query.phone for phone in phones)
    if query.name:
        named = name.contains(query.name, autoescape=True)
        if query.phone_tail:
            tail = or_(*(phone.endswith(query.phone_tail, autoescape=True) for phone in phones))
            named = and_(named, tail)
        conditions.append(named)
    return or_(*conditions) if conditions else false()
