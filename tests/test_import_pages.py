"""The import pages: upload, preview, apply once; only the uploader or an administrator above."""

import io
import re

import pytest
from hostile_files import csv_with_huge_field, xlsx_with_malformed_cell
from import_files import UNIT_HEADER, ZHANG, csv_bytes, xlsx_bytes
from sqlalchemy import func

from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Role
from volunteer.imports.models import ImportBatch
from volunteer.people.models import StaffMember
from volunteer.units.models import Unit

WANG = ["王五", "000456", "H-A", "", "女", "", "", "", "在职"]


@pytest.fixture
def manager(org, make_account, login_as):
    account = make_account("manager-a", Role.MANAGER, org["a"])
    login_as(account)
    return account


def upload(client, data: bytes, filename: str = "roster.csv", kind: str = "staff"):
    return client.post(
        "/imports",
        data={"kind": kind, "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def token_of(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)
    return re.search(r"/imports/([\w-]+)$", response.headers["Location"]).group(1)


def switch_to(client, login_as, account) -> None:
    client.post("/logout")
    login_as(account)


def staff_count(db) -> int:
    return db.session.scalar(db.select(func.count(StaffMember.id)))


def test_upload_page_offers_the_unit_tree_only_to_administrators(client, org, manager):
    page = client.get("/imports").get_data(as_text=True)

    assert "职工名册" in page and 'value="units"' not in page
    assert "不会被标记为离职" in page


def test_manager_may_not_upload_a_unit_tree(client, org, manager):
    response = upload(
        client, csv_bytes([["H-C", "中医院", "WJW", "单位"]], UNIT_HEADER), kind="units"
    )

    assert response.status_code == 403


def test_preview_shows_the_counts_and_the_changes_then_apply_writes_them(client, db, org, manager):
    token = token_of(upload(client, xlsx_bytes([ZHANG, WANG]), "名册.xlsx"))

    page = client.get(f"/imports/{token}").get_data(as_text=True)
    assert "名册.xlsx" in page and "确认导入" in page
    assert "000123" in page and "H-A-01" in page and "138****8000" in page
    assert staff_count(db) == 0

    response = client.post(f"/imports/{token}/apply")
    assert response.status_code == 302
    assert staff_count(db) == 2
    batch = db.session.scalar(db.select(ImportBatch).where(ImportBatch.token == token))
    assert batch.applied_at is not None and batch.summary["new"] == 2
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "import.staff"))
    assert entry.actor_id == manager.id and entry.unit_id == org["a"].id
    assert "已于" in client.get(f"/imports/{token}").get_data(as_text=True)


def test_an_applied_upload_shows_its_stored_summary_once_the_file_is_gone(client, db, org, manager):
    token = token_of(upload(client, csv_bytes([ZHANG, WANG])))
    client.post(f"/imports/{token}/apply")

    batch = db.session.scalar(db.select(ImportBatch).where(ImportBatch.token == token))
    assert batch.content == b""
    page = client.get(f"/imports/{token}").get_data(as_text=True)
    assert "已导入" in page and "文件是空的" not in page and "确认导入" not in page
    assert re.search(r"新增</span><b>2</b>", page)


def test_the_upload_page_says_unconfirmed_files_are_discarded_after_a_day(client, org, manager):
    assert "24 小时" in client.get("/imports").get_data(as_text=True)


def test_applying_a_batch_twice_is_refused(client, db, org, manager):
    token = token_of(upload(client, csv_bytes([ZHANG])))
    client.post(f"/imports/{token}/apply")
    audits = db.session.scalar(db.select(func.count(AuditEntry.id)))

    response = client.post(f"/imports/{token}/apply", follow_redirects=True)

    assert "该文件已经导入过，不能重复导入。" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(func.count(AuditEntry.id))) == audits


def test_bad_file_shows_the_error_table_and_offers_no_apply(client, db, org, manager):
    bad = ["李四", "000789", "H-B-01", "12345", "男", "", "", "", "在职"]
    token = token_of(upload(client, csv_bytes([ZHANG, bad], encoding="gbk")))

    page = client.get(f"/imports/{token}").get_data(as_text=True)

    assert "文件有 2 处错误，未导入任何数据" in page and "确认导入" not in page
    assert "不在您的管理范围内" in page and "手机号格式不正确" in page
    assert client.post(f"/imports/{token}/apply").status_code == 302
    assert staff_count(db) == 0


@pytest.mark.parametrize(
    ("data", "filename"),
    [(csv_with_huge_field(), "roster.csv"), (xlsx_with_malformed_cell(), "roster.xlsx")],
    ids=["csv-field-over-128k", "xlsx-malformed-number"],
)
def test_a_file_the_reader_chokes_on_shows_the_error_table_beside_the_form_and_keeps_nothing(
    client, db, org, manager, data, filename
):
    # The file is read once, at upload: one it cannot read never becomes a batch to preview.
    response = upload(client, data, filename)

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "文件有 1 处错误，未导入任何数据" in page and "/apply" not in page
    assert "无法读取" in page and "上传并预览" in page
    assert db.session.scalar(db.select(func.count(ImportBatch.id))) == 0
    assert staff_count(db) == 0


def test_a_file_that_went_bad_since_the_preview_writes_nothing(
    client, db, org, manager, make_staff
):
    token = token_of(
        upload(client, csv_bytes([ZHANG, ["王五", "000777", "H-A", "", "", "", "", "", ""]]))
    )
    make_staff(org["b1"], "王五", "000777")  # meanwhile 000777 appears in hospital B

    response = client.post(f"/imports/{token}/apply", follow_redirects=True)

    assert "该工号属于您管理范围以外的职工" in response.get_data(as_text=True)
    assert staff_count(db) == 1
    batch = db.session.scalar(db.select(ImportBatch).where(ImportBatch.token == token))
    assert batch.applied_at is None


def test_another_manager_gets_403_and_an_administrator_above_may_apply(
    client, db, org, manager, make_account, login_as
):
    token = token_of(upload(client, csv_bytes([ZHANG])))
    switch_to(client, login_as, make_account("other-a", Role.MANAGER, org["a"]))
    assert client.get(f"/imports/{token}").status_code == 403
    assert client.post(f"/imports/{token}/apply").status_code == 403

    switch_to(client, login_as, make_account("admin-b", Role.ADMIN, org["b"]))
    assert client.get(f"/imports/{token}").status_code == 403

    switch_to(client, login_as, make_account("admin", Role.ADMIN, org["root"]))
    assert client.get(f"/imports/{token}").status_code == 200
    assert client.post(f"/imports/{token}/apply").status_code == 302
    assert staff_count(db) == 1


def test_administrator_imports_a_unit_tree_through_the_pages(
    client, db, org, make_account, login_as
):
    login_as(make_account("admin", Role.ADMIN, org["root"]))
    rows = [["H-C-01", "针灸科", "H-C", "科室"], ["H-C", "中医院", "WJW", "单位"]]
    token = token_of(upload(client, csv_bytes(rows, UNIT_HEADER), "units.csv", kind="units"))

    page = client.get(f"/imports/{token}").get_data(as_text=True)
    assert "针灸科" in page and "离职" not in page

    client.post(f"/imports/{token}/apply")
    codes = set(db.session.scalars(db.select(Unit.code)))
    assert {"H-C", "H-C-01"} <= codes


def test_upload_without_a_file_or_with_another_type_is_refused(client, org, manager):
    assert upload(client, b"hello", "notes.txt").status_code == 400
    response = client.post("/imports", data={"kind": "staff"}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "请选择要上传的文件" in response.get_data(as_text=True)


def test_recent_uploads_are_listed_on_the_upload_page(client, org, manager):
    upload(client, csv_bytes([ZHANG]), "三月名册.csv")

    assert "三月名册.csv" in client.get("/imports").get_data(as_text=True)
