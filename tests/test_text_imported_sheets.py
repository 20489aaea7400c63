"""Imported sheets follow the same rule as the forms: free text as typed, identifiers folded.

A unit sheet keeps its unit names with their full-width punctuation and folds its full-width
codes; a records sheet finds its activity whether the title is written with full-width or
half-width characters, reads a full-width time, and keeps the activity's title and the source
note as they were typed.
"""

from __future__ import annotations

import pytest
from conftest import local_time
from import_files import UNIT_HEADER, csv_bytes
from sqlalchemy import select

from volunteer.activities.models import (
    Activity,
)
from volunteer.imports import services as import_services
from volunteer.records.importing.plan import import_records
from volunteer.records.models import ServiceRecord
from volunteer.units.models import Unit


def import_units(rows: list[list]) -> None:
    """Import a unit sheet as the import page does."""
    data = csv_bytes(rows, UNIT_HEADER)
    plan = import_services.plan_import(
        "units", import_services.read_upload("units", "units.csv", data), scope=None
    )
    batch = import_services.store_upload(
        kind="units", filename="units.csv", content=data, uploader=None
    )
    import_services.apply_import(batch=batch, plan=plan, actor=None)


def test_a_unit_sheet_keeps_the_names_and_folds_the_codes(db, org):
    import_units([["ｈ－ａ－０２", " 急诊科（东院）：夜间门诊 ", "ｈ－ａ", "科室"]])
    db.session.commit()

    unit = db.session.scalar(select(Unit).where(Unit.code == "H-A-02"))
    assert unit.name == "急诊科（东院）：夜间门诊" and unit.parent_id == org["a"].id


@pytest.mark.parametrize(
    "title_in_sheet", ["社区义诊（第２批）", "社区义诊(第2批)", " 社区义诊（第2批） "]
)
def test_a_records_sheet_finds_the_activity_whatever_width_its_title_is_written_in(
    db, org, make_volunteer, make_activity, title_in_sheet
):
    zhang = make_volunteer(org["a1"], "张三")
    clinic = make_activity(
        org["a"], "社区义诊（第２批）", starts_at=local_time(2026, 3, 5, 8, 0), hours=4
    )
    header = ["姓名", "工号", "活动名称", "日期", "开始时间", "结束时间"]
    sheet = [["张三", zhang.username, title_in_sheet, "2026-03-05", "０９：００", "11:00"]]

    import_records(
        data=csv_bytes(sheet, header), filename="sheet.csv", source_note="三月（纸质）签到表"
    )
    db.session.commit()

    record = db.session.scalar(select(ServiceRecord))
    assert record.activity_id == clinic.id
    assert record.signed_in_at == local_time(2026, 3, 5, 9, 0)
    assert record.note.startswith("三月（纸质）签到表")
    assert db.session.get(Activity, clinic.id).title == "社区义诊（第２批）"
