"""The small organisation the progress-figure tests build by hand, and the day they measure on:
people who left, transfers both ways, hiring after D, registrations after D, service on both
sides of New Year, pending, rejected and void hours, and an external volunteer.

Test modules import `town_fixture` (named "town") with `D`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from conftest import local_time

from volunteer.auth.models import Role
from volunteer.extensions import db as _db
from volunteer.people.models import EmploymentStatus, StaffTransfer
from volunteer.records.models import ServiceRecord
from volunteer.records.services import entries, review
from volunteer.registration.models import Registration, RegistrationStatus

D = date(2026, 6, 30)  # the reference date these tests measure on


class Town:
    """The hand-built organisation and a way to give people hours."""

    def __init__(self, org, make_staff, make_account, make_activity):
        self.org, self._staff, self._account = org, make_staff, make_account
        self._activity = make_activity
        self.admin = make_account("admin", Role.ADMIN, org["root"])
        self._keys = iter(range(1, 10_000))

    def person(self, unit, name, *, registered_on=None, **fields):
        """A staff member with a login; registered on the given day (or not at all)."""
        staff = self._staff(unit, name, **fields)
        account = self._account(staff.staff_no, Role.VOLUNTEER, unit, staff_member=staff)
        if registered_on:
            self.register(account, unit, registered_on, staff=staff)
        return account

    def register(self, account, unit, on, *, staff=None, external=False):
        _db.session.add(
            Registration(
                status=RegistrationStatus.ACTIVE,
                unit_id=unit.id,
                staff_member_id=staff.id if staff else None,
                account_id=account.id,
                is_external=external,
                claimed_name=account.display_name,
                registered_on=on,
            )
        )
        _db.session.commit()

    def serve(self, account, begin: datetime, hours: int) -> ServiceRecord:
        """One session of whole hours at its own activity, entered by the import rules."""
        activity = self._activity(self.org["a"], starts_at=begin, hours=hours)
        record = entries.import_session(
            account=account,
            activity=activity,
            begin=begin,
            end=begin + timedelta(hours=hours),
            import_key=f"k{next(self._keys)}",
            by=self.admin,
        )
        _db.session.commit()
        return record

    def serve_days(self, account, hours: int, *, month=3, start_day=1):
        """`hours` of service, 8 a day from 09:00 on consecutive days (each approved)."""
        day = start_day
        while hours > 0:
            self.serve(account, local_time(2026, month, day, 9, 0), min(hours, 8))
            hours -= 8
            day += 1


# Named apart from its fixture name, so test modules import it without shadowing warnings.
@pytest.fixture(name="town")
def town_fixture(db, org, make_staff, make_account, make_activity):
    """Hospital A: p1, p2 (registered after D), p3 (H-A's own staff), p4 (left before D).
    Hospital B: p5 (moved to A after D), p6 (moved from A before D), p7 (hired after D),
    p8 (party member, with service on both sides of New Year). And an external volunteer."""
    t = Town(org, make_staff, make_account, make_activity)
    a1, b1 = org["a1"], org["b1"]
    p = t.people = {}
    p["p1"] = t.person(a1, "一号", registered_on=date(2026, 1, 10), political_status="中共党员")
    p["p2"] = t.person(a1, "二号", registered_on=date(2026, 7, 15))
    p["p3"] = t.person(org["a"], "三号")
    p["p4"] = t.person(a1, "四号", registered_on=date(2026, 1, 5))
    p["p5"] = t.person(a1, "五号", registered_on=date(2026, 1, 5))
    p["p6"] = t.person(b1, "六号", registered_on=date(2026, 3, 1))
    p["p7"] = t.person(b1, "七号", registered_on=date(2026, 9, 2), hired_on=date(2026, 9, 1))
    p["p8"] = t.person(b1, "八号", registered_on=date(2026, 2, 1), political_status="中共预备党员")
    external = t._account("ext", Role.VOLUNTEER, org["a"])
    t.register(external, org["a"], date(2026, 1, 1), external=True)

    # p1: 30 h approved, of which 3 h make-up; 10 h pending (a day above 8 h); 5 h rejected;
    # 2 h voided.
    t.serve_days(p["p1"], 27, month=3)
    make_up = entries.enter_make_up(
        account=p["p1"],
        activity=t._activity(org["a"], starts_at=local_time(2026, 4, 2, 9, 0), hours=3),
        begin=local_time(2026, 4, 2, 9, 0),
        end=local_time(2026, 4, 2, 12, 0),
        reason="纸质签到表",
        evidence_note="签到表照片已存档",
        by=t.admin,
    )
    review.approve_records([make_up], by=t.admin)
    t.serve(p["p1"], local_time(2026, 4, 10, 8, 0), 10)  # above 8 h in a day: waits
    rejected = t.serve(p["p1"], local_time(2026, 4, 20, 8, 0), 10)
    review.reject_records([rejected], by=t.admin, reason="重复登记")
    voided = t.serve(p["p1"], local_time(2026, 4, 25, 9, 0), 2)
    review.void_record(voided, by=t.admin, reason="录错活动")
    _db.session.commit()

    t.serve_days(p["p2"], 10, month=5)
    t.serve_days(p["p4"], 20, month=2)
    t.serve_days(p["p5"], 50, month=2)
    t.serve_days(p["p6"], 12, month=5)
    t.serve_days(p["p7"], 8, month=5)  # served before being hired: not in the headcount on D
    # p8: 2 h on New Year's Eve (2025), then 2 h from local midnight (2026), then 22 h more.
    t.serve(p["p8"], local_time(2025, 12, 31, 21, 0), 2)
    t.serve(p["p8"], local_time(2026, 1, 1, 0, 0), 2)
    t.serve_days(p["p8"], 22, month=6)
    t.serve_days(external, 40, month=3)

    # p4 left on 1 May; p5 was in B-01 until 1 August, then in A-01; p6 moved A-01 → B-01.
    staff = {key: account.staff_member for key, account in p.items()}
    staff["p4"].status, staff["p4"].left_on = EmploymentStatus.LEFT, date(2026, 5, 1)
    _db.session.add_all(
        [
            StaffTransfer(
                staff_member=staff["p5"],
                from_unit_id=org["b1"].id,
                to_unit_id=org["a1"].id,
                effective_on=date(2026, 8, 1),
            ),
            StaffTransfer(
                staff_member=staff["p6"],
                from_unit_id=org["a1"].id,
                to_unit_id=org["b1"].id,
                effective_on=date(2026, 3, 1),
            ),
        ]
    )
    _db.session.commit()
    return t
