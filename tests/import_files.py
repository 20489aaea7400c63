"""Build the import files people really upload: .xlsx from Excel, UTF-8/BOM/GBK .csv."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook

from volunteer.people.validation import id_card_check_char

STAFF_HEADER = [
    "姓名",
    "工号",
    "单位编码",
    "手机号",
    "性别",
    "身份证号",
    "政治面貌",
    "入职日期",
    "在职状态",
]
# A staff row as the tests upload it: every column filled but the ID number and party.
ZHANG = ["张三", "000123", "H-A-01", "13800138000", "男", "", "", "2015-07-01", "在职"]
UNIT_HEADER = ["编码", "名称", "上级编码", "类型"]


def id_number(first17: str = "33010619900307123") -> str:
    """Complete 17 digits into a valid resident ID number."""
    return first17 + id_card_check_char(first17)


def csv_bytes(rows: list[list], header: list[str] = STAFF_HEADER, encoding: str = "utf-8") -> bytes:
    """Return a CSV as Excel writes it: "utf-8-sig" adds the BOM, "gbk" is China's default."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([header, *rows])
    return buffer.getvalue().encode(encoding)


def write_csv(path: Path, rows: list[list], header=STAFF_HEADER, encoding="utf-8") -> Path:
    path.write_bytes(csv_bytes(rows, header, encoding))
    return path


def xlsx_bytes(rows: list[list], header: list[str] = STAFF_HEADER, formats: dict | None = None):
    """Return an .xlsx; `formats` maps a column name to a number format for its cells."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for column, number_format in (formats or {}).items():
        index = header.index(column) + 1
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_xlsx(path: Path, rows: list[list], header=STAFF_HEADER, formats=None) -> Path:
    path.write_bytes(xlsx_bytes(rows, header, formats))
    return path


RECORDS_HEADER = ["姓名", "工号", "手机号", "活动编号", "日期", "开始时间", "结束时间"]
