"""Hospital A's hand-built year that the report and export tests check every figure against.

Last year (Y), measured on 31 December, target 48 h, for hospital A (H-A, department H-A-01):

  王二  H-A     registered, no volunteer no.   Act3 50.0 (00:00 on 10 June to 02:00 on 12 June)
  张一  H-A-01  registered, V20250001, ID      Act1 3.0 (scanned 08:30–12:10, counted 09:00–12:00)
                                               + make-up Act2 2.5; 2 h waiting, 1 h rejected,
                                               and 1 h on 31 December of Y-1 (none count)
  李三  H-A-01  not registered, no login        0
  钱五  H-A-01  registered, V20250005           Act4 4.0 in April while in H-B-01; moved to
                                               H-A-01 on 1 June, so the hours follow him
  赵四  H-A-01  left 1 September                Act1 3.0, never counted
  周七  H-B-01  registered                      Act4 3.0 (hospital B)
  an external volunteer                         Act1 3.0, never counted
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from conftest import local_time
from openpyxl import load_workbook

from volunteer.auth.models import Role
from volunteer.people.models import EmploymentStatus, StaffTransfer
from volunteer.records.models import RecordSource, RecordStatus, ServiceRecord
from volunteer.records.totals import rebuild_totals
from volunteer.registration.models import Registration, RegistrationStatus

Y = datetime.now(ZoneInfo("Asia/Shanghai")).year - 1
ID_CARD = "11010519491231002X"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _record(db, account, activity, begin, end, hours, **fields):
    db.session.add(
        ServiceRecord(
            account_id=account.id,
            activity_id=activity.id,
            source=fields.pop("source", RecordSource.SELF_SCAN),
            status=fields.pop("status", RecordStatus.APPROVED),
            signed_in_at=begin,
            signed_out_at=end,
            service_date=begin.date(),
            credited_minutes=int(Decimal(hours) * 60),
            hours=Decimal(hours),
            **fields,
        )
    )


@pytest.fixture
def year_of_a(db, org, make_staff, make_account, make_activity):
    """Build the year above; return the activities by name."""
    a, a1, b1 = org["a"], org["a1"], org["b1"]
    people = {
        "王二": make_staff(a, "王二", "S002"),
        "张一": make_staff(a1, "张一", "S001", id_card=ID_CARD),
        "李三": make_staff(a1, "李三", "S003"),
        "钱五": make_staff(a1, "钱五", "S005"),
        "赵四": make_staff(a1, "赵四", "S004", status=EmploymentStatus.LEFT, left_on=date(Y, 9, 1)),
        "周七": make_staff(b1, "周七", "S007"),
    }
    db.session.add(
        StaffTransfer(
            staff_member_id=people["钱五"].id,
            from_unit_id=b1.id,
            to_unit_id=a1.id,
            effective_on=date(Y, 6, 1),
        )
    )
    numbers = {"张一": "V20250001", "钱五": "V20250005"}
    who = {}
    for name, person in people.items():
        if name == "李三":
            continue
        who[name] = make_account(person.staff_no, Role.VOLUNTEER, person.unit, staff_member=person)
        db.session.add(
            Registration(
                status=RegistrationStatus.ACTIVE,
                unit_id=person.unit_id,
                staff_member_id=person.id,
                account_id=who[name].id,
                claimed_name=name,
                registered_on=date(Y, 1, 10),
                national_volunteer_no=numbers.get(name),
            )
        )
    who["external"] = make_account("ext", Role.VOLUNTEER, a, display_name="外来志愿者")
    act = {
        "Act1": make_activity(a, "社区义诊", starts_at=local_time(Y, 3, 5, 9, 0), hours=3),
        "Act2": make_activity(
            a, "健康讲座", starts_at=local_time(Y, 7, 1, 14, 0), hours=3, category_id=2
        ),
        "Act3": make_activity(
            a1, "夜间导诊", starts_at=local_time(Y, 6, 10, 0, 0), hours=50, category_id=3
        ),
        "Act4": make_activity(org["b"], "急救培训", starts_at=local_time(Y, 4, 2, 9, 0), hours=4),
    }
    at = local_time
    _record(db, who["王二"], act["Act3"], at(Y, 6, 10, 0, 0), at(Y, 6, 12, 2, 0), "50",
            source=RecordSource.COORDINATOR_ENTRY)  # fmt: skip
    _record(db, who["张一"], act["Act1"], at(Y, 3, 5, 8, 30), at(Y, 3, 5, 12, 10), "3")
    _record(db, who["张一"], act["Act2"], at(Y, 7, 1, 14, 0), at(Y, 7, 1, 16, 30), "2.5",
            source=RecordSource.MAKE_UP)  # fmt: skip
    _record(db, who["张一"], act["Act1"], at(Y, 3, 20, 9, 0), at(Y, 3, 20, 11, 0), "2",
            status=RecordStatus.NEEDS_REVIEW)  # fmt: skip
    _record(db, who["张一"], act["Act1"], at(Y, 3, 21, 9, 0), at(Y, 3, 21, 10, 0), "1",
            status=RecordStatus.REJECTED)  # fmt: skip
    _record(db, who["张一"], act["Act1"], at(Y - 1, 12, 31, 20, 0), at(Y - 1, 12, 31, 21, 0), "1")
    _record(db, who["钱五"], act["Act4"], at(Y, 4, 2, 9, 0), at(Y, 4, 2, 13, 0), "4")
    _record(db, who["赵四"], act["Act1"], at(Y, 3, 5, 9, 0), at(Y, 3, 5, 12, 0), "3")
    _record(db, who["周七"], act["Act4"], at(Y, 4, 2, 9, 0), at(Y, 4, 2, 12, 0), "3")
    _record(db, who["external"], act["Act1"], at(Y, 3, 5, 9, 0), at(Y, 3, 5, 12, 0), "3")
    db.session.flush()
    rebuild_totals()
    db.session.commit()
    return act


@pytest.fixture
def manager_of_a(org, make_account, login_as, year_of_a):
    login_as(make_account("mgr-a", Role.MANAGER, org["a"]))


def _sheet(response) -> list[tuple]:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == XLSX
    workbook = load_workbook(io.BytesIO(response.data))
    return [tuple(row) for row in workbook.active.iter_rows(values_only=True)]


def _signed(rows: list[tuple]) -> list[tuple]:
    """Check the blank line and the signature block at the bottom; return the rows above."""
    *body, blank, signature = rows
    assert set(blank) == {None}
    assert [cell for cell in signature if cell] == [
        "填表人：",
        "负责人：",
        "单位（盖章）：",
        "日期：",
    ]
    return body


def _csv(response) -> tuple[str, list[list[str]]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    raw = response.data
    assert raw.startswith("\ufeff".encode())
    text = raw.decode("utf-8-sig")
    return text.splitlines()[0], list(csv.reader(io.StringIO(text)))[1:]
