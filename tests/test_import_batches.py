"""An upload is read once and kept as its rows, never as the file; the rows hold full ID numbers,
so they are kept only until applied, or for a day if never applied."""

import io
from datetime import timedelta

import pytest
from import_files import STAFF_HEADER, csv_bytes, id_number

from volunteer.auth.models import Role
from volunteer.clock import utc_now
from volunteer.imports import services
from volunteer.imports.models import ImportBatch, ImportKind
from volunteer.imports.stored_rows import MARK, unpack_table
from volunteer.imports.tabular import NO_DATA_ROWS, ImportRejected
from volunteer.people.models import StaffMember

ZHANG = ["张三", "000123", "H-A-01", "13800138000", "男", id_number(), "", "2015-07-01", "在职"]


def stored(db) -> dict[str, ImportBatch]:
    db.session.expire_all()
    return {batch.filename: batch for batch in db.session.scalars(db.select(ImportBatch))}


def upload(name: str, uploader=None) -> ImportBatch:
    return services.store_upload(
        kind="staff", filename=name, content=csv_bytes([ZHANG]), uploader=uploader
    )


def test_an_applied_file_is_dropped_and_its_summary_kept(db, org):
    batch = upload("roster.csv")
    services.apply_batch(batch=batch, scope=None, actor=None)
    db.session.commit()

    kept = stored(db)["roster.csv"]
    assert kept.content == b""
    assert kept.applied_at is not None and kept.summary["new"] == 1


def test_a_new_upload_discards_unapplied_files_older_than_a_day(db, org, make_account):
    someone_else = make_account("manager-b", Role.MANAGER, org["b"])
    for name in ("stale.csv", "recent.csv", "applied-long-ago.csv"):
        upload(name, uploader=someone_else)
    services.apply_batch(batch=stored(db)["applied-long-ago.csv"], scope=None, actor=None)
    batches = stored(db)
    batches["stale.csv"].uploaded_at = utc_now() - timedelta(hours=25)
    batches["applied-long-ago.csv"].uploaded_at = utc_now() - timedelta(days=30)
    batches["recent.csv"].uploaded_at = utc_now() - timedelta(hours=23)
    db.session.commit()

    upload("new.csv")
    db.session.commit()

    assert set(stored(db)) == {"recent.csv", "applied-long-ago.csv", "new.csv"}


def test_an_upload_is_read_once_and_kept_as_its_rows_never_as_the_file(db, org):
    data = csv_bytes([ZHANG])

    batch = upload("roster.csv")

    assert data not in batch.content and batch.content.startswith(MARK)
    kept = unpack_table(batch.content)
    assert kept.rows == [(2, dict(zip(STAFF_HEADER, ZHANG, strict=True)))]
    assert kept.header.columns == STAFF_HEADER


def test_the_preview_reloaded_plans_the_kept_rows_and_never_reads_the_file_again(
    app, client, db, org, make_account, login_as
):
    login_as(make_account("manager-a", Role.MANAGER, org["a"]))
    rows = [ZHANG, ["李四", "000456", "H-A", "13900139000", "女", "", "", "", "在职"]]
    response = client.post(
        "/imports",
        data={"kind": "staff", "file": (io.BytesIO(csv_bytes(rows)), "roster.csv")},
        content_type="multipart/form-data",
    )
    preview = response.headers["Location"]
    # Read again, the file would now be refused: each page below proves it was not.
    app.config["IMPORT_MAX_ROWS"] = 1

    pages = [client.get(preview).get_data(as_text=True) for _ in range(3)]

    assert all("确认导入" in page and "文件超过" not in page for page in pages)
    client.post(f"{preview}/apply")
    assert db.session.scalar(db.select(db.func.count(StaffMember.id))) == 2


def test_a_file_kept_before_rows_were_is_read_once_then_kept_as_rows(db, org):
    stale = ImportBatch(
        token="kept-as-a-file",
        kind=ImportKind.STAFF,
        filename="roster.csv",
        content=csv_bytes([ZHANG]),
    )
    db.session.add(stale)
    db.session.flush()

    plan = services.plan_batch(stale, scope=None)

    assert plan.summary()["new"] == 1 and stale.content.startswith(MARK)


def test_a_file_that_cannot_be_read_is_refused_at_upload_and_nothing_is_kept(db, org):
    with pytest.raises(ImportRejected) as raised:
        services.store_upload(
            kind="staff", filename="roster.csv", content=csv_bytes([]), uploader=None
        )

    assert [error.reason for error in raised.value.errors] == [NO_DATA_ROWS]
    assert stored(db) == {}
