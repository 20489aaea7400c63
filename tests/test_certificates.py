"""Issuing certificates: frozen figures, supersede, revoke, the same year twice, eligibility."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from certificates_world import (
    LAST_YEAR,
    THIS_YEAR,
    audit_actions,
    certificates,
    pdf_text,
    served,
    world_fixture,  # noqa: F401
)

from volunteer.certificates.models import CertificateStatus
from volunteer.certificates.services import issuing, revoking, settings
from volunteer.certificates.stars import BadThresholds, hours_to_next_star, star_level
from volunteer.core.masking import mask_name_between
from volunteer.errors import DomainError
from volunteer.records.models import RecordStatus

SCALE = (100, 300, 600, 1000, 1500)


@pytest.mark.parametrize(
    ("hours", "stars"),
    [(0, 0), (Decimal("99.5"), 0), (100, 1), (299, 1), (300, 2), (1000, 4), (1500, 5), (9000, 5)],
)
def test_star_standard_counts_the_thresholds_reached(hours, stars):
    assert star_level(hours, SCALE) == stars


def test_star_thresholds_are_settings_and_must_rise():
    assert star_level(150, (50, 100, 150, 200, 250)) == 3
    assert hours_to_next_star(Decimal("120.5"), SCALE) == Decimal("179.5")
    assert hours_to_next_star(1500, SCALE) is None
    with pytest.raises(BadThresholds):
        star_level(10, (100, 300, 200, 1000, 1500))
    with pytest.raises(BadThresholds):
        star_level(10, (100, 300))


@pytest.mark.parametrize(
    ("name", "masked"), [("张三", "张*"), ("张三丰", "张*丰"), ("欧阳小明", "欧**明"), ("", "")]
)
def test_verification_masks_all_but_the_first_and_last_characters(name, masked):
    assert mask_name_between(name) == masked


def test_issuing_freezes_the_figures_and_later_approvals_change_nothing(world):
    volunteer, activity = world["volunteer"], world["activity"]
    served(volunteer, activity, date(LAST_YEAR, 3, 5), 3)
    served(volunteer, activity, date(LAST_YEAR, 4, 9), "2.5")
    served(volunteer, activity, date(LAST_YEAR, 5, 1), 4, status=RecordStatus.NEEDS_REVIEW)
    issued = issuing.issue_annual(volunteer, LAST_YEAR, by=volunteer)
    certificate = issued.certificate
    assert issued.new and certificate.hours == Decimal("5.5") and certificate.activity_count == 1
    assert certificate.serial == f"WJW-{LAST_YEAR}-00001"
    pdf, digest = certificate.pdf, certificate.pdf_sha256

    served(volunteer, activity, date(LAST_YEAR, 6, 1), 2)  # approved after the issue
    [frozen] = certificates()
    assert frozen.hours == Decimal("5.5") and frozen.content["hours"] == "5.5"
    assert frozen.pdf == pdf and frozen.pdf_sha256 == digest and frozen.is_valid
    text = pdf_text(pdf)
    assert "王小明" in text and "5.5" in text and certificate.serial in text
    assert "年度志愿服务时长证明" in text and "110101********1234" in text


def test_reissue_with_changed_figures_supersedes_the_old_certificate(world):
    volunteer, activity = world["volunteer"], world["activity"]
    served(volunteer, activity, date(LAST_YEAR, 3, 5), 3)
    first = issuing.issue_annual(volunteer, LAST_YEAR, by=volunteer).certificate
    served(volunteer, activity, date(LAST_YEAR, 6, 1), 2)
    second = issuing.issue_annual(volunteer, LAST_YEAR, by=volunteer)
    assert second.new and second.superseded == [first]
    old, new = certificates()
    assert old.status is CertificateStatus.SUPERSEDED and old.superseded_by_id == new.id
    assert old.superseded_at is not None and new.hours == Decimal("5") and new.is_valid
    assert new.serial.endswith("-00002") and new.verify_code != old.verify_code
    assert audit_actions() == ["certificate.issue", "certificate.issue", "certificate.supersede"]


def test_issuing_the_same_year_twice_without_change_returns_the_first(world):
    volunteer = world["volunteer"]
    served(volunteer, world["activity"], date(LAST_YEAR, 3, 5), 3)
    first = issuing.issue_annual(volunteer, LAST_YEAR, by=volunteer)
    again = issuing.issue_annual(volunteer, LAST_YEAR, by=volunteer)
    assert not again.new and again.certificate.id == first.certificate.id and not again.superseded
    detailed = issuing.issue_annual(volunteer, LAST_YEAR, detailed=True, by=volunteer)
    assert detailed.new and not detailed.superseded  # a detailed copy of the same figures
    assert [c.status for c in certificates()] == [CertificateStatus.VALID] * 2
    assert "社区义诊" in pdf_text(detailed.certificate.pdf)


@pytest.mark.parametrize("status", [None, RecordStatus.NEEDS_REVIEW, RecordStatus.REJECTED])
def test_no_approved_hours_is_refused_and_writes_nothing(world, status):
    volunteer = world["volunteer"]
    if status is not None:
        served(volunteer, world["activity"], date(LAST_YEAR, 3, 5), 3, status=status)
    with pytest.raises(DomainError) as refused:
        issuing.issue_annual(volunteer, LAST_YEAR, by=volunteer)
    assert refused.value.code == "no_hours" and "没有审核通过" in refused.value.message
    with pytest.raises(DomainError) as no_record:
        issuing.issue_record(volunteer, by=volunteer)
    assert no_record.value.code == "no_hours"
    assert certificates() == [] and audit_actions() == []


def test_a_year_not_begun_is_refused(world):
    with pytest.raises(DomainError) as refused:
        issuing.issue_annual(world["volunteer"], THIS_YEAR + 1, by=None)
    assert refused.value.code == "bad_year"


def test_the_current_year_is_certified_up_to_today_and_says_so(world, db):
    volunteer, today = world["volunteer"], world["today"]
    served(volunteer, world["activity"], date(THIS_YEAR, 1, 10), 3)
    certificate = issuing.issue_annual(volunteer, THIS_YEAR, by=volunteer).certificate
    assert certificate.partial == (today < date(THIS_YEAR, 12, 31))
    text = pdf_text(certificate.pdf)
    if certificate.partial:
        assert f"{today.month}月{today.day}日" in text and "尚未结束" in text


def test_eligibility_setting_requires_the_hours_of_the_year(world, db):
    volunteer, admin = world["volunteer"], world["admin"]
    settings.save_settings(
        LAST_YEAR,
        min_hours=Decimal(10),
        issuing_body="市卫生健康委员会文明办",
        head="李主任",
        clerk="周干事",
        contact="0571-12345678",
        by=admin,
    )
    served(volunteer, world["activity"], date(LAST_YEAR, 3, 5), 6)
    with pytest.raises(DomainError) as refused:
        issuing.issue_annual(volunteer, LAST_YEAR, by=volunteer)
    assert refused.value.code == "not_eligible" and "10" in refused.value.message
    served(volunteer, world["activity"], date(LAST_YEAR, 4, 5), 4)
    certificate = issuing.issue_annual(volunteer, LAST_YEAR, by=volunteer).certificate
    assert certificate.content["issuer"]["head"] == "李主任"
    assert "市卫生健康委员会文明办" in pdf_text(certificate.pdf)
    assert audit_actions() == ["certificate.settings", "certificate.issue"]


def test_revoking_needs_a_reason_and_happens_once(world):
    volunteer, admin = world["volunteer"], world["admin"]
    served(volunteer, world["activity"], date(LAST_YEAR, 3, 5), 3)
    certificate = issuing.issue_annual(volunteer, LAST_YEAR, by=volunteer).certificate
    with pytest.raises(DomainError):
        revoking.revoke_certificate(certificate, reason="  ", by=admin)
    revoking.revoke_certificate(certificate, reason="误录时长", by=admin)
    assert certificate.status is CertificateStatus.REVOKED
    assert certificate.revoke_reason == "误录时长"
    with pytest.raises(DomainError) as again:
        revoking.revoke_certificate(certificate, reason="再次", by=admin)
    assert again.value.code == "not_valid"
    assert audit_actions() == ["certificate.issue", "certificate.revoke"]
    # A revoked certificate is no longer the valid one: asking again issues a new one.
    assert issuing.issue_annual(volunteer, LAST_YEAR, by=volunteer).new


def test_record_certificate_lists_every_year_with_cumulative_hours(world):
    volunteer, activity = world["volunteer"], world["activity"]
    served(volunteer, activity, date(LAST_YEAR - 1, 5, 1), 60)
    served(volunteer, activity, date(LAST_YEAR, 3, 5), 45)
    certificate = issuing.issue_record(volunteer, by=volunteer).certificate
    assert certificate.content["years"] == [
        [LAST_YEAR - 1, "60", 1, "60"],
        [LAST_YEAR, "45", 1, "105"],
    ]
    assert certificate.content["stars"] == 1
    text = pdf_text(certificate.pdf)
    assert "志愿服务记录证明" in text and "105" in text
    assert "累计服务时长达到1星级志愿者标准" in text


def test_verify_codes_are_random_and_name_neither_serial_nor_id(world):
    volunteer = world["volunteer"]
    served(volunteer, world["activity"], date(LAST_YEAR, 3, 5), 3)
    annual = issuing.issue_annual(volunteer, LAST_YEAR, by=volunteer).certificate
    record = issuing.issue_record(volunteer, by=volunteer).certificate
    codes = {annual.verify_code, record.verify_code}
    assert len(codes) == 2 and all(len(code) >= 20 for code in codes)
    assert not any(annual.serial in code or code == str(annual.id) for code in codes)
