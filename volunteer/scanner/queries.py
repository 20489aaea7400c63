"""Reads for personal codes and the scanner: codes by key, volunteers to badge or to find."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Row, Select, func, or_, select
from sqlalchemy.orm import aliased, joinedload

from volunteer.activities.models import Activity
from volunteer.auth.models import Account
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.people.search import matching
from volunteer.people.search_text import PersonQuery
from volunteer.records.models import RecordStatus, ServiceRecord
from volunteer.registration.models import Registration, RegistrationStatus
from volunteer.scanner.models import CodeKind, VolunteerCode
from volunteer.scanner.reach import within_reach
from volunteer.units.models import Unit

SEARCH_LIMIT = 20

# A registered volunteer's unit: the roster's for staff, the link's unit for external volunteers.
HOME_UNIT = aliased(Unit, name="home_unit")
VOLUNTEER_NAME = func.coalesce(StaffMember.name, Registration.claimed_name)
VOLUNTEER_PHONE = func.coalesce(StaffMember.phone, Registration.phone)


def live_phone_code(account_id: int) -> VolunteerCode | None:
    """Return the person's unrevoked phone key; there is at most one."""
    return db.session.scalar(
        select(VolunteerCode).where(
            VolunteerCode.account_id == account_id,
            VolunteerCode.kind == CodeKind.PHONE,
            VolunteerCode.revoked_at.is_(None),
        )
    )


def code_by_key(key: str) -> VolunteerCode | None:
    """Return the code a token names, revoked or not, so a revoked one can be explained."""
    return db.session.scalar(
        select(VolunteerCode)
        .where(VolunteerCode.key == key)
        .options(joinedload(VolunteerCode.account))
    )


def _registered_volunteers() -> Select:
    """Select active registrations with a live login: rows of who may be signed in."""
    return (
        select(
            Account.id.label("account_id"),
            VOLUNTEER_NAME.label("name"),
            StaffMember.staff_no.label("staff_no"),
            VOLUNTEER_PHONE.label("phone"),
            HOME_UNIT.id.label("unit_id"),
            HOME_UNIT.name.label("unit_name"),
        )
        .select_from(Registration)
        .join(Account, Registration.account_id == Account.id)
        .outerjoin(StaffMember, Registration.staff_member_id == StaffMember.id)
        .join(HOME_UNIT, HOME_UNIT.id == func.coalesce(StaffMember.unit_id, Registration.unit_id))
        .where(Registration.status == RegistrationStatus.ACTIVE, Account.active.is_(True))
    )


def volunteer_card(account_id: int) -> Row | None:
    """Return the name, 工号 and unit printed beside a registered volunteer's code."""
    return db.session.execute(
        _registered_volunteers().where(Account.id == account_id)
    ).one_or_none()


def _in_subtree(unit: Unit):
    return HOME_UNIT.path.startswith(unit.path, autoescape=True)


def volunteers_to_badge(unit: Unit, text: str = "") -> Select:
    """Select the registered volunteers of the unit's subtree with their count of live badges.

    The account id comes first, so paginating the query gives a page of ids (see rows_of).
    """
    live_badges = (
        select(func.count(VolunteerCode.id))
        .where(
            VolunteerCode.account_id == Account.id,
            VolunteerCode.kind == CodeKind.BADGE,
            VolunteerCode.revoked_at.is_(None),
        )
        .correlate(Account)
        .scalar_subquery()
    )
    query = (
        _registered_volunteers()
        .add_columns(live_badges.label("live_badges"))
        .where(_in_subtree(unit))
        .order_by(HOME_UNIT.path, VOLUNTEER_NAME, Account.id)
    )
    text = (text or "").strip()
    if text:
        query = query.where(
            or_(
                VOLUNTEER_NAME.contains(text, autoescape=True),
                StaffMember.staff_no.startswith(text, autoescape=True),
            )
        )
    return query


def rows_of(query: Select, account_ids: list[int]) -> list[Row]:
    """Return the full rows of one page of a volunteers query (the page itself holds only ids)."""
    if not account_ids:
        return []
    return list(db.session.execute(query.where(Account.id.in_(account_ids))))


def registered_in(unit: Unit, account_ids: Iterable[int]) -> list[Account]:
    """Return the accounts among `account_ids` that are registered volunteers of the subtree."""
    ids = list(account_ids)
    if not ids:
        return []
    found = (
        _registered_volunteers()
        .where(Account.id.in_(ids), _in_subtree(unit))
        .with_only_columns(Account.id)
    )
    return list(
        db.session.scalars(select(Account).where(Account.id.in_(found)).order_by(Account.id))
    )


def live_badges_of(account_ids: Iterable[int]) -> dict[int, list[VolunteerCode]]:
    """Return each account's unrevoked badges, oldest first, for one page of the badges list."""
    ids = list(account_ids)
    badges: dict[int, list[VolunteerCode]] = {account_id: [] for account_id in ids}
    if ids:
        query = (
            select(VolunteerCode)
            .where(
                VolunteerCode.account_id.in_(ids),
                VolunteerCode.kind == CodeKind.BADGE,
                VolunteerCode.revoked_at.is_(None),
            )
            .order_by(VolunteerCode.issued_at, VolunteerCode.id)
        )
        for code in db.session.scalars(query):
            badges[code.account_id].append(code)
    return badges


def badges_to_print(unit: Unit, code_ids: Iterable[int]) -> list[Row]:
    """Return the live badges among `code_ids` held by volunteers of the unit's subtree."""
    ids = list(code_ids)
    if not ids:
        return []
    query = (
        _registered_volunteers()
        .add_columns(VolunteerCode.key.label("key"), VolunteerCode.id.label("code_id"))
        .join(VolunteerCode, VolunteerCode.account_id == Account.id)
        .where(
            VolunteerCode.id.in_(ids),
            VolunteerCode.kind == CodeKind.BADGE,
            VolunteerCode.revoked_at.is_(None),
            _in_subtree(unit),
        )
        .order_by(HOME_UNIT.path, VOLUNTEER_NAME, VolunteerCode.id)
    )
    return list(db.session.execute(query))


def badge_unit(code: VolunteerCode) -> Unit | None:
    """Return the unit a badge belongs to (its holder's), whose managers may revoke it.

    Not limited to active registrations: a badge of someone who has since left can still be
    revoked by the managers of the unit they were in.
    """
    return db.session.scalar(
        select(HOME_UNIT)
        .select_from(Registration)
        .outerjoin(StaffMember, Registration.staff_member_id == StaffMember.id)
        .join(HOME_UNIT, HOME_UNIT.id == func.coalesce(StaffMember.unit_id, Registration.unit_id))
        .where(Registration.account_id == code.account_id)
    )


def search_volunteers(query: PersonQuery, activity: Activity, searcher: Account) -> list[Row]:
    """Find the registered volunteers the query names among those the activity may take.

    Whom the search looks among is reach.within_reach, what names whom search_text. Rows have
    the volunteer's columns plus `open_activity_id` (the activity of their open session, if
    any) so the scanner can offer sign-in or sign-out; at most SEARCH_LIMIT.
    """
    open_activity = (
        select(ServiceRecord.activity_id)
        .where(ServiceRecord.account_id == Account.id, ServiceRecord.status == RecordStatus.OPEN)
        .correlate(Account)
        .scalar_subquery()
    )
    query_rows = (
        _registered_volunteers()
        .add_columns(open_activity.label("open_activity_id"))
        .where(
            within_reach(activity, searcher, account_id=Account.id, home_unit_path=HOME_UNIT.path),
            matching(
                query,
                name=VOLUNTEER_NAME,
                staff_no=StaffMember.staff_no,
                phones=[StaffMember.phone, Registration.phone],
            ),
        )
        # Someone already signed in here is the likeliest one wanted: list them first.
        .order_by((open_activity == activity.id).desc(), VOLUNTEER_NAME, Account.id)
        .limit(SEARCH_LIMIT)
    )
    return list(db.session.execute(query_rows))
