"""Find the registered volunteer and the activity an import row names, remembering lookups."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import or_, select

from volunteer.activities.models import Activity
from volunteer.auth.models import Account
from volunteer.clock import local_zone
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.people.validation import (
    clean_text,
    fold_identifier,
    fold_width,
    normalise_phone,
    trim_name,
)
from volunteer.records.importing.rows import NAME, NUMBER, PHONE, STAFF_NO, TITLE
from volunteer.registration.models import Registration, RegistrationStatus

_NUMBER = re.compile(r"^HD0*(\d+)$")


class People:
    """Find the registered volunteer a row names, remembering each lookup."""

    def __init__(self) -> None:
        self._by_staff_no: dict[str, StaffMember | None] = {}
        self._by_phone: dict[str, list[Registration]] = {}

    def find(self, values: dict[str, str], fail) -> Account | None:
        name = trim_name(values.get(NAME))
        staff_no = fold_identifier(values.get(STAFF_NO))
        phone = normalise_phone(values.get(PHONE))
        if not name:
            fail(NAME, "", _("姓名不能为空"))
            return None
        if staff_no:
            return self._by_number(name, staff_no, phone, fail)
        if not phone:
            fail(STAFF_NO, "", _("工号和手机号至少填写一项"))
            return None
        return self._by_phone_and_name(name, phone, fail)

    def _by_number(self, name: str, staff_no: str, phone: str, fail) -> Account | None:
        if staff_no not in self._by_staff_no:
            self._by_staff_no[staff_no] = db.session.scalar(
                select(StaffMember).where(StaffMember.staff_no == staff_no)
            )
        staff = self._by_staff_no[staff_no]
        if staff is None:
            fail(STAFF_NO, staff_no, _("工号不在花名册中"))
            return None
        if trim_name(staff.name) != name:
            fail(NAME, name, _("姓名与花名册不一致（工号 %(no)s）", no=staff_no))
            return None
        registration = db.session.scalar(
            select(Registration).where(Registration.staff_member_id == staff.id)
        )
        if phone:
            known = {staff.phone, registration.phone if registration else None}
            if registration is not None and registration.account is not None:
                known.add(registration.account.phone)
            if phone not in {normalise_phone(p) for p in known if p}:
                fail(PHONE, phone, _("手机号与工号 %(no)s 的登记不一致", no=staff_no))
                return None
        return _volunteer_account(registration, fail, STAFF_NO, staff_no)

    def _by_phone_and_name(self, name: str, phone: str, fail) -> Account | None:
        if phone not in self._by_phone:
            self._by_phone[phone] = list(
                db.session.scalars(
                    select(Registration)
                    .outerjoin(Account, Registration.account_id == Account.id)
                    .outerjoin(StaffMember, Registration.staff_member_id == StaffMember.id)
                    .where(
                        Registration.status != RegistrationStatus.REJECTED,
                        or_(
                            Registration.phone == phone,
                            Account.phone == phone,
                            StaffMember.phone == phone,
                        ),
                    )
                )
            )
        matches = [r for r in self._by_phone[phone] if _registered_name(r) == name]
        if len(matches) > 1:
            fail(PHONE, phone, _("手机号与姓名匹配到多名志愿者，请填写工号"))
            return None
        if matches:
            return _volunteer_account(matches[0], fail, PHONE, phone)
        on_roster = db.session.scalars(select(StaffMember).where(StaffMember.phone == phone))
        if any(trim_name(staff.name) == name for staff in on_roster):
            fail(NAME, name, _("该职工尚未注册为志愿者"))
        else:
            fail(PHONE, phone, _("手机号与姓名未匹配到志愿者"))
        return None


def _registered_name(registration: Registration) -> str:
    """Return the name a registration goes by: the roster's, or what an external person gave."""
    staff = registration.staff_member
    return trim_name(staff.name if staff is not None else registration.claimed_name)


def _volunteer_account(
    registration: Registration | None, fail, column: str, value: str
) -> Account | None:
    """Return the login of an active registration; say why anything else cannot serve."""
    if registration is None or registration.status == RegistrationStatus.REJECTED:
        fail(column, value, _("该职工尚未注册为志愿者"))
    elif registration.status != RegistrationStatus.ACTIVE:
        fail(column, value, _("该志愿者的注册尚待管理员核对"))
    elif registration.account is None or not registration.account.active:
        fail(column, value, _("该志愿者还没有登录账号，无法记录时长"))
    else:
        return registration.account
    return None


class Activities:
    """Find the activity a row names by 活动编号, or by its title on the row's day."""

    def __init__(self) -> None:
        self._by_id: dict[int, Activity | None] = {}
        self._by_title: dict[str, list[Activity]] = {}
        self._ids_by_title: dict[str, list[int]] | None = None

    def find(self, values: dict[str, str], day: date | None, fail) -> Activity | None:
        raw_number = fold_identifier(values.get(NUMBER))
        title = clean_text(values.get(TITLE))
        if raw_number:
            activity = self._numbered(raw_number, fail)
            if activity is not None and title and fold_width(activity.title) != fold_width(title):
                fail(TITLE, title, _("活动名称与活动编号 %(no)s 不一致", no=activity.number))
                return None
        elif title:
            activity = self._titled(title, day, fail)
        else:
            fail(NUMBER, "", _("活动编号和活动名称至少填写一项"))
            return None
        if activity is not None and activity.is_cancelled:
            fail(NUMBER, activity.number, _("该活动已取消"))
            return None
        return activity

    def _numbered(self, raw: str, fail) -> Activity | None:
        match = _NUMBER.match(raw)
        if match is None:
            fail(NUMBER, raw, _("活动编号格式应为 HD000123"))
            return None
        activity_id = int(match.group(1))
        if activity_id not in self._by_id:
            self._by_id[activity_id] = db.session.get(Activity, activity_id)
        activity = self._by_id[activity_id]
        if activity is None:
            fail(NUMBER, raw, _("活动编号不存在"))
        return activity

    def _titled(self, title: str, day: date | None, fail) -> Activity | None:
        key = fold_width(title)
        if key not in self._by_title:
            self._by_title[key] = self._reading_as(key)
        candidates = self._by_title[key]
        if not candidates:
            fail(TITLE, title, _("没有这个名称的活动"))
            return None
        if len(candidates) > 1 and day is not None:
            # A weekly activity keeps its title: the row's day tells which one is meant.
            zone = local_zone()
            on_day = [
                activity
                for activity in candidates
                if activity.starts_at.astimezone(zone).date()
                <= day
                <= activity.ends_at.astimezone(zone).date()
            ]
            candidates = on_day or candidates
        if len(candidates) > 1:
            numbers = "、".join(activity.number for activity in candidates[:10])
            reason = _("有多个同名活动（%(numbers)s），请填写活动编号", numbers=numbers)
            fail(TITLE, title, reason)
            return None
        return candidates[0]

    def _reading_as(self, key: str) -> list[Activity]:
        """Return the activities whose folded title is `key`: "（" in a sheet matches "(" stored."""
        if self._ids_by_title is None:
            # Titles keep the width they were typed in, which SQL cannot fold: fold them here,
            # once per file.
            self._ids_by_title = {}
            for activity_id, title in db.session.execute(select(Activity.id, Activity.title)):
                self._ids_by_title.setdefault(fold_width(title), []).append(activity_id)
        ids = self._ids_by_title.get(key, [])
        query = select(Activity).where(Activity.id.in_(ids)).order_by(Activity.id)
        return list(db.session.scalars(query)) if ids else []
