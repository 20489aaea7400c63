"""The national-system CSV, made whole before it is sent: the old output, byte for byte.

The year of hospital A from reports_world, plus values that test the CSV's quoting: a name that
starts like a formula, a title with a comma, quotes and a line break, an empty ID number.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from zoneinfo import ZoneInfo

import exports_world
import pytest
from conftest import ON_POSTGRES, local_time
from exports_world import whole
from reports_world import ID_CARD, Y, _record

from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Role
from volunteer.clock import local_zone
from volunteer.extensions import db as _db
from volunteer.progress.queries.years import measure_for
from volunteer.records.totals import rebuild_totals
from volunteer.registration.models import Registration, RegistrationStatus
from volunteer.reports import streams
from volunteer.reports.finished_file import finish
from volunteer.reports.queries import service_records

# The fixtures of hospital A's year, its manager and the commission's.
year_of_a = exports_world.year_of_a
manager_of_a = exports_world.manager_of_a
manager_of_all = exports_world.manager_of_all


@pytest.fixture
def awkward(db, org, make_staff, make_account, make_activity, year_of_a):
    """Add to hospital A's year the values a CSV must quote or guard; return their activity."""
    odd = make_activity(
        org["a1"], 'a,"b"\nc', starts_at=local_time(Y, 5, 4, 9, 0), hours=2
    )  # fmt: skip
    people = [
        ("=SUM(A1)", "S010", "", "+8613800000000"),
        ('Li, "Bo"', "S011", ID_CARD, "-1"),
        ("王\n五", "S012", None, "@V1"),
    ]
    for name, staff_no, id_card, number in people:
        person = make_staff(org["a1"], name, staff_no, id_card=id_card)
        who = make_account(staff_no, Role.VOLUNTEER, org["a1"], staff_member=person)
        db.session.add(
            Registration(
                status=RegistrationStatus.ACTIVE,
                unit_id=person.unit_id,
                staff_member_id=person.id,
                account_id=who.id,
                claimed_name=name,
                registered_on=local_time(Y, 2, 1).date(),
                national_volunteer_no=number,
            )
        )
        _record(db, who, odd, local_time(Y, 5, 4, 8, 50), local_time(Y, 5, 4, 11, 5), "2")
    db.session.flush()
    rebuild_totals()
    db.session.commit()
    return odd


def _old_national_csv(unit, measure, *, with_id_numbers=False) -> bytes:
    """The national CSV as the export wrote it before it was streamed: all rows, in memory."""
    zone = local_zone()
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ("姓名", "证件类型", "证件号码", "志愿者编号", "活动名称", "服务日期", "开始时间",
         "结束时间", "服务时长")
    )  # fmt: skip

    def inert(text):
        return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

    query = service_records(unit, measure, with_id_numbers=with_id_numbers)
    for row in _db.session.execute(query).all():
        id_card = row.id_card if with_id_numbers else None
        begin = max(row.signed_in_at, row.starts_at).astimezone(zone)
        end = min(row.signed_out_at, row.ends_at).astimezone(zone) if row.signed_out_at else None
        writer.writerow(
            (
                inert(row.name),
                "居民身份证" if id_card else "",
                id_card or "",
                inert(row.volunteer_no or ""),
                inert(row.title),
                row.service_date.isoformat(),
                begin.strftime("%Y-%m-%d %H:%M"),
                end.strftime("%Y-%m-%d %H:%M") if end else "",
                f"{row.hours:.1f}",
            )
        )
    return out.getvalue().encode()


def test_the_national_csv_is_the_old_output_byte_for_byte(client, org, manager_of_all, awkward):
    body = whole(client.get(f"/reports/units/{org['root'].id}/records.csv?year={Y}"))
    assert body == _old_national_csv(org["root"], measure_for(Y))
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1:]
    assert len(rows) == 8
    odd = [row for row in rows if row[4] == 'a,"b"\nc']
    assert [(row[0], row[3]) for row in odd] == [
        ("'=SUM(A1)", "'+8613800000000"),
        ('Li, "Bo"', "'-1"),
        ("王\n五", "'@V1"),
    ]
    # The period counted: the activity's 09:00–11:00, not the scans' 08:50–11:05.
    assert odd[0][5:] == [f"{Y}-05-04", f"{Y}-05-04 09:00", f"{Y}-05-04 11:00", "2.0"]


def test_with_id_numbers_the_file_is_the_old_output_and_the_audit_counts_its_rows(
    client, org, db, manager_of_a, awkward
):
    url = f"/reports/units/{org['a'].id}/records-with-id-numbers.csv?year={Y}"
    response = client.post(url, data={"month": "0", "reason": "报送", "confirm": "y"})
    body = whole(response)
    assert body == _old_national_csv(org["a"], measure_for(Y), with_id_numbers=True)
    assert body.count(ID_CARD.encode()) == 3  # 张一's two records and Li Bo's; "" stays empty
    [entry] = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.action == "export.id_numbers")
    )
    assert entry.after["rows"] == int(response.headers["X-Record-Count"]) == 7


@pytest.mark.app_config(TIMEZONE="Europe/Berlin")
def test_in_a_zone_with_summer_time_the_file_is_the_same(client, org, manager_of_all, awkward):
    # SQLite cannot shift by a changing offset: Python formats the rows, to the same bytes.
    body = whole(client.get(f"/reports/units/{org['root'].id}/records.csv?year={Y}"))
    assert body == _old_national_csv(org["root"], measure_for(Y))
    assert f"{Y}-05-04 09:00" in body.decode()  # the activity's local 09:00, in summer time


def test_a_fixed_offset_is_known_only_when_it_holds_through_the_period():
    year = (date(Y, 1, 1), date(Y + 1, 1, 1))
    assert streams._fixed_offset(ZoneInfo("Asia/Shanghai"), *year) == 480
    assert streams._fixed_offset(ZoneInfo("Europe/Berlin"), *year) is None
    assert streams._fixed_offset(ZoneInfo("Europe/Berlin"), date(Y, 1, 1), date(Y, 2, 1)) == 60


@pytest.mark.postgres_only
@pytest.mark.skipif(not ON_POSTGRES, reason="COPY is PostgreSQL's")
@pytest.mark.parametrize("with_id_numbers", [False, True])
def test_copy_on_postgresql_writes_what_the_cursor_path_writes(app, org, awkward, with_id_numbers):
    measure = measure_for(Y)
    for unit in (org["root"], org["a1"]):
        copied = finish(streams.national_chunks(unit, measure, with_id_numbers=with_id_numbers))
        fetched = finish(
            streams.national_chunks(
                unit, measure, with_id_numbers=with_id_numbers, in_database=False
            )
        )
        with copied.file, fetched.file:
            assert copied.file.read() == fetched.file.read()
        assert (copied.size, copied.sha256, copied.rows) == (
            fetched.size,
            fetched.sha256,
            fetched.rows,
        )
