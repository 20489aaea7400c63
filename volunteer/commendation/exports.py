"""The final list's two documents: the .xlsx for the commendation document, and the honours."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from flask import current_app
from flask_babel import gettext as _

from volunteer.clock import local_day
from volunteer.commendation import queries
from volunteer.commendation.list_sheet import final_list_workbook
from volunteer.commendation.models import Campaign, Nomination, NominationStatus
from volunteer.documents.data import Honour, Issuer
from volunteer.documents.honour import render_honours
from volunteer.errors import DomainError
from volunteer.units.queries import organisation_root


def final_people(campaign: Campaign) -> list[Nomination]:
    """Return the people on a final list, by unit then name; refuse a list not yet final."""
    if not campaign.is_final:
        raise DomainError(_("名单尚未定稿：公示期结束且异议处理完毕后才能导出。"))
    return queries.nominations(campaign, statuses=(NominationStatus.APPROVED,))


def final_list_xlsx(campaign: Campaign) -> bytes:
    """Return the final list as .xlsx: unit, name, department, hours, cumulative hours, citation."""
    people = final_people(campaign)
    headers = (
        _("单位"),
        _("姓名"),
        _("科室"),
        _("年度服务时长（小时）"),
        _("累计服务时长（小时）"),
        _("主要事迹"),
    )
    rows = [
        (
            n.unit.name,
            n.name,
            n.department.name if n.department else "",
            _number(n.year_hours),
            _number(n.cumulative_hours),
            n.citation,
        )
        for n in people
    ]
    return final_list_workbook(
        sheet_name=_("拟表彰名单"),
        title=_("%(title)s拟表彰名单", title=campaign.title),
        headers=headers,
        rows=rows,
    )


def honours_pdf(campaign: Campaign, nomination_ids: Sequence[int]) -> tuple[bytes, int]:
    """Draw honour certificates for the chosen people of a final list (all when none is chosen)."""
    people = final_people(campaign)
    if nomination_ids:
        wanted = set(nomination_ids)
        people = [n for n in people if n.id in wanted]
        if len(people) != len(wanted):
            raise DomainError(_("所选人员不在定稿名单中。"))
    if not people:
        raise DomainError(_("定稿名单中没有人员。"))
    root = organisation_root()
    issuer = Issuer(body=root.name if root else current_app.config["ORGANISATION_NAME"])
    issue_date = ""
    if campaign.finalised_at is not None:
        day = local_day(campaign.finalised_at)
        issue_date = _("%(y)d年%(m)d月%(d)d日", y=day.year, m=day.month, d=day.day)
    honours = [
        Honour(
            title=_("荣誉证书"),
            name=n.name,
            unit=n.unit.name,
            citation=_(
                "在%(year)d年度志愿服务工作中表现突出，被评为优秀志愿者。特发此证，以资鼓励。",
                year=campaign.year,
            ),
            issuer=issuer,
            issue_date=issue_date,
            serial=n.honour_serial or "",
        )
        for n in people
    ]
    pdf = render_honours(honours, font_path=current_app.config.get("CJK_FONT_PATH"))
    return pdf, len(honours)


def _number(hours: Decimal) -> float | int:
    """Write hours as a number a spreadsheet sums: 52 or 52.5."""
    return int(hours) if hours == hours.to_integral_value() else float(hours)
