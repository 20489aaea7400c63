"""The people, activities and sheet helpers the record-import tests share.

Test modules import `world_fixture` (named "world") and `morning_fixture` (named "morning") with
the helpers they use.
"""

import pytest
from conftest import local_time
from import_files import RECORDS_HEADER, csv_bytes

from volunteer.imports.tabular import ImportRejected
from volunteer.records.importing.plan import import_records
from volunteer.records.models import ServiceRecord

DAY = "2026-03-05"


# Named apart from its fixture name, so test modules import it without shadowing warnings.
@pytest.fixture(name="world")
def world_fixture(org, make_volunteer, make_staff, make_activity):
    """Two volunteers, one unregistered staff member, a long day's activity and a short one."""
    zhang = make_volunteer(org["a1"], "张三", phone="13900000001")
    li = make_volunteer(org["b1"], "李四", phone="13900000002")
    wang = make_staff(org["a1"], "王五", "W00001", phone="13900000003")
    clinic = make_activity(org["a"], "社区义诊", starts_at=local_time(2026, 3, 5, 7, 0), hours=14)
    talk = make_activity(org["b"], "健康讲座", starts_at=local_time(2026, 3, 6, 14, 0), hours=2)
    return {"zhang": zhang, "li": li, "wang": wang, "clinic": clinic, "talk": talk}


def row(who, activity, begin="09:00", end="11:00", day=DAY, phone=""):
    """A line of the default header for a volunteer account (name, 工号 = username)."""
    return [who.staff_member.name, who.username, phone, activity.number, day, begin, end]


def run(rows, header=RECORDS_HEADER, filename="sheet.csv", **options):
    return import_records(data=csv_bytes(rows, header), filename=filename, **options)


def records(db):
    return db.session.scalars(db.select(ServiceRecord).order_by(ServiceRecord.signed_in_at)).all()


def rejected(rows, header=RECORDS_HEADER, **options):
    with pytest.raises(ImportRejected) as caught:
        run(rows, header, **options)
    return [(e.row, e.column, e.reason) for e in caught.value.errors]


@pytest.fixture(name="morning")
def morning_fixture(org, make_activity):
    return make_activity(org["a"], "晨间义诊", starts_at=local_time(2026, 3, 7, 8, 0), hours=4)
