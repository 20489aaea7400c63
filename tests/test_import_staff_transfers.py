"""Roster imports that move people: between units, into retired units, and out of service."""

from datetime import date

from import_files import csv_bytes
from test_import_staff import rejection

from volunteer.people.models import EmploymentStatus
from volunteer.units.models import UnitKind
from volunteer.units.services import retire_unit


def test_nobody_is_reinstated_on_a_retired_unit(db, org, make_unit, make_staff):
    closed = make_unit("H-A-09", "撤销科室", parent=org["a"], kind=UnitKind.DEPARTMENT)
    former = make_staff(closed, "钱七", "000999", status="left", left_on=date(2024, 1, 31))
    retire_unit(unit=closed, on=date(2024, 6, 1))
    db.session.commit()
    back = ["钱七", "000999", "H-A-09", "", "", "", "", "", "在职"]

    assert rejection(csv_bytes([back])) == [(2, "单位编码", "H-A-09", "该单位已撤销")]
    assert former.status == EmploymentStatus.LEFT
