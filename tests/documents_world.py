"""What the document tests share: an annual certificate with every field filled."""

from __future__ import annotations

from dataclasses import replace

from volunteer.documents.data import Certificate, Issuer

VERIFY_URL = "https://volunteer.example.gov.cn/verify/Xk3dEf7hIj9kLm1nOp5qRs"
ISSUER = Issuer(body="示范市卫生健康委员会", head="李建国", clerk="张敏", contact="0571-87654321")


def certificate(**changes) -> Certificate:
    """An annual certificate of 王䶮堃 with every field filled."""
    base = Certificate(
        title="年度志愿服务时长证明",
        serial="WJW-2026-00017",
        name="王䶮堃",
        masked_id_number="110101********1234",
        volunteer_number="11010120190012345",
        unit="示范市第一人民医院",
        department="心血管内科",
        period="2026年度",
        hours="36.5",
        activities=12,
        categories=[("医疗服务", "20.5"), ("健康宣教", "16")],
        statement="兹证明王䶮堃同志在2026年度参加志愿服务活动12次，服务时长累计36.5小时。",
        note="说明：服务时长为经所在单位审核确认的志愿服务时长。",
        star_statement="累计服务时长达到一星级志愿者标准",
        issue_date="2026年12月2日",
        issuer=ISSUER,
        verify_url=VERIFY_URL,
        labels={"name": "姓名"},
    )
    return replace(base, **changes)
