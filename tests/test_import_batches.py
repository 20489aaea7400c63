"""Uploaded files hold full ID numbers: kept only until applied, or for a day if never applied."""

from datetime import timedelta

from import_files import csv_bytes, id_number

from volunteer.auth.models import Role
from volunteer.clock import utc_now
from volunteer.imports import services
from volunteer.imports.models import ImportBatch

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
    services.apply_batch(batch=batch, scope=None, actor_id=None)
    db.session.commit()

    kept = stored(db)["roster.csv"]
    assert kept.content == b""
    assert kept.applied_at is not None and kept.summary["new"] == 1


def test_a_new_upload_discards_unapplied_files_older_than_a_day(db, org, make_account):
    someone_else = make_account("manager-b", Role.MANAGER, org["b"])
    for name in ("stale.csv", "recent.csv", "applied-long-ago.csv"):
        upload(name, uploader=someone_else)
    services.apply_batch(batch=stored(db)["applied-long-ago.csv"], scope=None, actor_id=None)
    batches = stored(db)
    batches["stale.csv"].uploaded_at = utc_now() - timedelta(hours=25)
    batches["applied-long-ago.csv"].uploaded_at = utc_now() - timedelta(days=30)
    batches["recent.csv"].uploaded_at = utc_now() - timedelta(hours=23)
    db.session.commit()

    upload("new.csv")
    db.session.commit()

    assert set(stored(db)) == {"recent.csv", "applied-long-ago.csv", "new.csv"}
