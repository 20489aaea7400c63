"""The CSV exports stream in batches, cost a fixed number of statements, and never send a
file that is not whole; the people list as CSV."""

from __future__ import annotations

import csv
import hashlib
import io
import tracemalloc
from decimal import Decimal

import exports_world
import pytest
from exports_world import many_records, whole
from openpyxl import load_workbook
from reports_world import Y
from statements import sent_statements

from volunteer.audit.models import AuditEntry
from volunteer.progress.queries.years import measure_for
from volunteer.reports import streams
from volunteer.reports.finished_file import finish

PEOPLE_HEADER = (
    "工号,姓名,单位,是否注册,注册日期,已审核时长,待审核时长,补录时长,尚需时长,每周需完成"
)

# The fixtures of hospital A's year, its manager and the commission's.
year_of_a = exports_world.year_of_a
manager_of_a = exports_world.manager_of_a
manager_of_all = exports_world.manager_of_all


def _peak_while_streaming(unit, measure, in_database) -> tuple[int, int, int]:
    """Consume the export's chunks, keeping none; return (peak bytes, chunks, largest rows)."""
    chunks = largest = 0
    tracemalloc.start()
    try:
        for _data, rows in streams.national_chunks(unit, measure, in_database=in_database):
            chunks += 1
            largest = max(largest, rows)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak, chunks, largest


@pytest.mark.parametrize("in_database", [False, True])
def test_the_export_streams_in_batches_and_memory_does_not_grow_with_rows(
    app, db, org, make_volunteer, make_activity, monkeypatch, in_database
):
    monkeypatch.setattr(streams, "BATCH", 100)
    measure = measure_for(Y)
    many_records(db, org, make_volunteer, make_activity, 500)
    _peak_while_streaming(org["a"], measure, in_database)  # compile and cache statements
    small, chunks, largest = _peak_while_streaming(org["a"], measure, in_database)
    # The header, 5 × 100 rows, and perhaps an empty rest.
    assert largest == 100 and chunks in (1 + 5, 1 + 5 + 1)
    many_records(db, org, make_volunteer, make_activity, 4500)
    large, chunks, largest = _peak_while_streaming(org["a"], measure, in_database)
    assert largest == 100 and chunks in (1 + 50, 1 + 50 + 1)
    # Ten times the rows: 4,500 more lines (about 450 kB of CSV, several MB as rows) held
    # anywhere would show; streamed, the peak moves by about 100 kB of caches.
    assert large < small + 256 * 1024, (small, large)


def test_a_failure_half_way_sends_nothing_and_logs_nothing(
    client, org, db, manager_of_a, monkeypatch
):
    def broken(*args, **kwargs):
        yield "\ufeff姓名\r\n".encode(), 0
        raise RuntimeError("worker killed")

    monkeypatch.setattr(streams, "national_chunks", broken)
    with pytest.raises(RuntimeError):
        client.get(f"/reports/units/{org['a'].id}/records.csv?year={Y}")
    url = f"/reports/units/{org['a'].id}/records-with-id-numbers.csv?year={Y}"
    with pytest.raises(RuntimeError):
        client.post(url, data={"month": "0", "reason": "报送", "confirm": "y"})
    assert (
        db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.action == "export.id_numbers")
        ).all()
        == []
    )


def test_a_finished_file_is_rewound_and_declares_what_it_holds():
    finished = finish(iter([(b"head\r\n", 0), (b"a\r\nb\r\n", 2), (b"", 0)]))
    with finished.file:
        assert finished.file.read() == b"head\r\na\r\nb\r\n"
    assert (finished.size, finished.rows) == (12, 2)
    assert finished.sha256_hex == hashlib.sha256(b"head\r\na\r\nb\r\n").hexdigest()


def test_people_csv_has_the_rows_and_columns_of_people_xlsx(client, org, manager_of_a):
    base = f"/reports/units/{org['a'].id}/people"
    response = client.get(f"{base}.csv?year={Y}")
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    assert response.headers["Content-Disposition"].endswith(".csv")
    header, *rows = csv.reader(io.StringIO(whole(response).decode("utf-8-sig")))
    assert ",".join(header) == PEOPLE_HEADER
    sheet = load_workbook(io.BytesIO(client.get(f"{base}.xlsx?year={Y}").data)).active
    *cells, _blank, _signature = list(sheet.iter_rows(min_row=4, values_only=True))
    assert tuple(header) == tuple(c.value for c in sheet[3])
    assert rows == [
        ["S002", "王二", "第一人民医院", "是", f"{Y}-01-10", "50.0", "0.0", "0.0", "0.0", ""],
        ["S001", "张一", "心内科", "是", f"{Y}-01-10", "5.5", "2.0", "2.5", "42.5", ""],
        ["S003", "李三", "心内科", "否", "", "0.0", "0.0", "0.0", "48.0", ""],
        ["S005", "钱五", "心内科", "是", f"{Y}-01-10", "4.0", "0.0", "0.0", "44.0", ""],
    ]
    assert [row[0] for row in rows] == [row[0] for row in cells]
    assert [Decimal(row[5]) for row in rows] == [Decimal(str(row[5])) for row in cells]
    left = client.get(f"{base}.csv?year={Y}&filter=left").data.decode("utf-8-sig")
    assert left.splitlines()[1:] == [f"S004,赵四,心内科,是,{Y}-01-10,3.0,0.0,0.0,,"]


def test_the_page_offers_the_people_csv_and_says_how_a_whole_file_is_told(
    client, org, manager_of_a
):
    page = client.get(f"/reports/units/{org['a'].id}?year={Y}").get_data(as_text=True)
    assert f"/reports/units/{org['a'].id}/people.csv" in page
    assert "Content-Length" in page and "X-Record-Count" in page and "结尾标记行" in page


@pytest.mark.parametrize("path", ["records.csv", "people.csv"])
def test_statements_do_not_grow_with_the_rows(
    client, db, org, manager_of_all, make_volunteer, make_activity, path
):
    url = f"/reports/units/{org['root'].id}/{path}?year={Y}"
    db.session.expire_all()
    with sent_statements(db.engine) as few:
        whole(client.get(url))
    many_records(db, org, make_volunteer, make_activity, 300)
    db.session.expire_all()
    with sent_statements(db.engine) as many:
        whole(client.get(url))
    # Login, unit, role grants, the year's target, and the one select of the rows.
    assert len(many) == len(few) <= 5, many
