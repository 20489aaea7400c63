"""A person's own data as an .xlsx file: every row of every kind, in Chinese.

Rows stream from the database in batches (`yield_per`); the audit entries of each batch are
named with one statement per kind of thing they mention (audit.reading.read_entries).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import IO, Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from volunteer.clock import local_zone, utc_now
from volunteer.core.times import local_datetime
from volunteer.extensions import db
from volunteer.privacy.contents import SECTIONS
from volunteer.privacy.queries.person import Person
from volunteer.privacy.sections import Kind, Section
from volunteer.privacy.workbook import Sheet, own_data_workbook
from volunteer.reports.sheets import DATE, DATETIME, HOURS, Column

BATCH = 500
FORMATS = {Kind.MOMENT: DATETIME, Kind.DATE: DATE, Kind.HOURS: HOURS}


def write_own_data(
    out: str | IO[bytes],
    owner: Person,
    *,
    name: str,
    counts: dict[str, int],
    full_id_number: bool,
) -> None:
    """Write the cover and one sheet per kind of the person's data to `out`."""
    # The person's own copy, in the registry's words: Chinese whatever the page's language.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        own_data_workbook(
            out,
            cover_name=_("说明"),
            cover_title=_("%(name)s 的个人信息副本", name=name),
            cover=_cover(name, full_id_number),
            contents=[(_(s.title), counts[s.key], _(s.note) if s.note else "") for s in SECTIONS],
            contents_headers=(_("内容"), _("条数"), _("说明")),
            sheets=[
                Sheet(
                    _(s.title),
                    [Column(_(f.header), f.width, FORMATS.get(f.kind)) for f in s.fields],
                    _rows(s, owner, full_id_number),
                )
                for s in SECTIONS
            ],
        )


def _cover(name: str, full_id_number: bool) -> list[tuple[str, Any]]:
    return [
        (_("姓名"), name),
        (_("导出时间"), local_datetime(utc_now())),
        (
            _("依据"),
            _("《中华人民共和国个人信息保护法》第四十五条：个人有权查阅、复制其个人信息。"),
        ),
        (
            _("身份证号"),
            _("完整（下载前已核验登录密码）")
            if full_id_number
            else _("部分隐藏；如需完整号码，请在页面上输入登录密码后下载"),
        ),
        (_("不包含"), _("登录密码、个人码中的密钥、证明材料的文件内容。")),
        (
            _("信息有误"),
            _("请在“我的服务记录”中申请更正，或联系本单位志愿服务管理员。"),
        ),
        (_("保管"), _("文件含有您的个人信息，请勿在公用电脑上保留。")),
    ]


def _rows(section: Section, owner: Person, full_id_number: bool) -> Iterator[list[Any]]:
    zone = local_zone()
    result = db.session.execute(section.select(owner).execution_options(yield_per=BATCH))
    for batch in result.partitions():
        for cells in section.cells(batch, owner, full_id_number=full_id_number):
            yield [
                v.astimezone(zone).replace(tzinfo=None, microsecond=0)
                if isinstance(v, datetime)
                else v
                for v in cells
            ]
