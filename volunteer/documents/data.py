"""What each printed document says: plain data, already in the reader's language.

The layouts in this package take these and return PDF bytes; nothing here knows Flask or
the database, so the same documents come out of a request, the CLI and a background job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Issuer:
    """Who issues a certificate: printed at its foot, beside the seal."""

    body: str  # 出具单位, e.g. 市卫生健康委员会
    head: str = ""  # 负责人
    clerk: str = ""  # 经办人
    contact: str = ""  # 联系方式
    seal_png: bytes | None = None  # the uploaded seal image, placed over the seal's place


@dataclass(frozen=True)
class ServiceLine:
    """One activity on the detailed page of a certificate."""

    day: date
    title: str
    hours: str  # already formatted, e.g. "3.5"


@dataclass(frozen=True)
class YearLine:
    """One year on a record certificate, with the hours up to and including it."""

    year: int
    hours: str
    activities: int
    cumulative_hours: str


@dataclass(frozen=True)
class Certificate:
    """An annual certificate (年度志愿服务时长证明) or a record certificate (志愿服务记录证明).

    A record certificate has `years` (one line per year served); an annual one has none.
    Every label is passed in `labels`, so the layout holds no wording of its own.
    """

    title: str
    serial: str  # organisation code – year – sequence
    name: str
    masked_id_number: str  # never the whole number
    volunteer_number: str  # national 志愿者编号, "" when not known
    unit: str
    department: str
    period: str  # e.g. "2026年度" or "2019—2026年"
    hours: str  # approved hours, formatted
    activities: int
    categories: list[tuple[str, str]]  # (service category, hours)
    statement: str  # the paragraph that certifies, already filled in
    note: str  # what the figures mean
    star_statement: str  # "累计服务时长达到N星级志愿者标准", or ""
    issue_date: str  # formatted
    issuer: Issuer
    verify_url: str  # what the QR code encodes
    labels: dict[str, str]  # field labels, e.g. {"name": "姓名", ...}
    years: list[YearLine] = field(default_factory=list)
    services: list[ServiceLine] = field(default_factory=list)  # the detailed page, when asked
    author: str = ""


@dataclass(frozen=True)
class Honour:
    """An honour certificate (荣誉证书) for one commended volunteer."""

    title: str  # 荣誉证书
    name: str
    unit: str
    citation: str  # e.g. "被评为2026年度优秀志愿者，特发此证，以资鼓励。"
    issuer: Issuer
    issue_date: str
    serial: str = ""
    author: str = ""
    salutation: str = "同志："  # printed after the name, before the citation


# The sign-in sheet is a form kept for inspection: its words are Chinese whatever language the
# coordinator reads the pages in, like the workbooks sent to the level above.
SIGN_IN_TITLE = "志愿服务活动签到表"
SIGN_IN_HEADERS = ("序号", "姓名", "科室", "签到时间", "签退时间", "时长（小时）", "状态", "签名")
SIGN_IN_SIGNATURES = ("活动负责人（签字）", "经办人", "单位（盖章）", "日期")


@dataclass(frozen=True)
class SignInRow:
    """One session of the sheet: who, from their roster's department, and when."""

    name: str
    department: str
    signed_in: str  # formatted
    signed_out: str  # formatted, "" while still open
    hours: str  # formatted
    status: str  # already in words, e.g. 已通过


@dataclass(frozen=True)
class SignInSheet:
    """An activity's sign-in sheet (志愿服务活动签到表) for the unit's archive."""

    activity: str
    number: str  # 活动编号, e.g. HD000123
    when: str
    place: str
    organiser: str
    contact: str
    rows: list[SignInRow]
    people: int  # distinct persons
    hours: str  # approved and waiting hours, formatted
    approved_hours: str
    pending_hours: str
    printed: str = ""  # when the sheet was made, formatted
    author: str = ""

    def facts(self) -> list[tuple[str, str]]:
        """The activity's fields, labelled, as the sheet's head prints them."""
        return [
            ("活动名称", self.activity),
            ("活动编号", self.number),
            ("日期时间", self.when),
            ("服务地点", self.place),
            ("组织单位", self.organiser),
            ("负责人/联系人", self.contact or "—"),
        ]

    def totals_line(self) -> str:
        """合计: people, sessions and hours, counted and waiting."""
        return (
            f"合计：{self.people} 人，{len(self.rows)} 人次；服务时长 {self.hours} 小时"
            f"（已通过 {self.approved_hours} 小时，待审核 {self.pending_hours} 小时）"
        )
