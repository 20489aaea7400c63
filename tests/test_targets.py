"""Yearly targets: defaults until the organisation's administrator sets a year; changes audited.
The service: a year nothing was stored for uses 100% and 48 hours; the first setting and every
change are audited with what was in force before and after; saving the same values again is no
change; next year can be set ahead; and values out of range are refused in Chinese with nothing
written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select
from targets_world import (  # noqa: F401 - the fixtures are used by name
    admin_fixture,
    audit_entries,
    this_year_fixture,
)

from volunteer.errors import DomainError
from volunteer.targets.models import YearlyTarget
from volunteer.targets.queries import target_for
from volunteer.targets.services import set_target

# --- The service ------------------------------------------------------------------------------


def test_a_year_nothing_was_stored_for_uses_100_percent_and_48_hours(app, this_year):
    target = target_for(this_year)
    assert (target.registration_rate, target.hours_per_person) == (1, 48)
    assert target.stored is False and target.document is None


def test_first_setting_stores_the_year_and_audits_the_defaults_it_replaces(db, admin, this_year):
    row = set_target(
        this_year,
        registration_rate=Decimal("0.95"),
        hours_per_person=Decimal("60"),
        document=" 市卫健委〔2026〕12号 ",
        by=admin,
        reason="新的考核文件",
    )
    db.session.commit()

    assert row.updated_by_id == admin.id
    target = target_for(this_year)
    assert target.stored
    assert (target.registration_rate, target.hours_per_person) == (Decimal("0.95"), 60)
    assert target.document == "市卫健委〔2026〕12号"
    [entry] = audit_entries(db)
    assert (entry.actor_id, entry.subject_type, entry.subject_id) == (
        admin.id,
        "yearly_target",
        this_year,
    )
    assert entry.unit_id is None and entry.reason == "新的考核文件"
    assert entry.before == {
        "year": this_year,
        "registration_rate": "1.0000",
        "hours_per_person": "48.0",
        "document": None,
    }
    assert entry.after == {
        "year": this_year,
        "registration_rate": "0.9500",
        "hours_per_person": "60.0",
        "document": "市卫健委〔2026〕12号",
    }


def test_changing_a_stored_year_audits_before_and_after(db, admin, this_year):
    set_target(
        this_year,
        registration_rate=Decimal("1"),
        hours_per_person=Decimal("48"),
        document="旧文件",
        by=admin,
    )
    set_target(
        this_year,
        registration_rate=Decimal("0.995"),
        hours_per_person=Decimal("52.5"),
        document=None,
        by=admin,
        reason="年中调整",
    )
    db.session.commit()

    assert db.session.scalar(select(func.count()).select_from(YearlyTarget)) == 1
    first, second = audit_entries(db)
    assert second.before == first.after
    assert second.before["document"] == "旧文件"
    assert second.after == {
        "year": this_year,
        "registration_rate": "0.9950",
        "hours_per_person": "52.5",
        "document": None,
    }
    assert second.reason == "年中调整"


def test_saving_the_same_targets_again_is_no_change(db, admin, this_year):
    values = {
        "registration_rate": Decimal("0.9"),
        "hours_per_person": Decimal("50"),
        "document": "文",
    }
    set_target(this_year, **values, by=admin)
    set_target(this_year, **values, by=admin)
    db.session.commit()

    assert len(audit_entries(db)) == 1


def test_next_year_can_be_set_ahead(db, admin, this_year):
    set_target(
        this_year + 1,
        registration_rate=Decimal("1"),
        hours_per_person=Decimal("50"),
        document=None,
        by=admin,
    )
    assert target_for(this_year + 1).hours_per_person == 50
    assert target_for(this_year).stored is False


@pytest.mark.parametrize(
    ("year_offset", "rate", "hours", "document", "message"),
    [
        (0, "0", "48", None, "注册率目标须在 1% 到 100% 之间"),
        (0, "0.005", "48", None, "注册率目标须在 1% 到 100% 之间"),
        (0, "1.01", "48", None, "注册率目标须在 1% 到 100% 之间"),
        (0, "0.9951", "48", None, "注册率目标最多保留一位小数"),
        (0, "1", "0.4", None, "人均时长目标须在 0.5 到 2000 小时之间"),
        (0, "1", "2000.1", None, "人均时长目标须在 0.5 到 2000 小时之间"),
        (0, "1", "48.25", None, "人均时长目标最多保留一位小数"),
        (0, "1", "48", "文" * 201, "不能超过 200 个字"),
        (2, "1", "48", None, "年份须在 2000 到"),
        (-10_000, "1", "48", None, "年份须在 2000 到"),
    ],
)
def test_values_out_of_range_are_refused_in_chinese_and_nothing_is_written(
    db, admin, this_year, year_offset, rate, hours, document, message
):
    with pytest.raises(DomainError) as refused:
        set_target(
            this_year + year_offset,
            registration_rate=Decimal(rate),
            hours_per_person=Decimal(hours),
            document=document,
            by=admin,
        )
    assert message in refused.value.message
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(YearlyTarget)) == 0
    assert audit_entries(db) == []
