"""Open a campaign, close its nominations, publish the approved list, make it final."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _

from volunteer import clock
from volunteer.audit.services import record_change
from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import can
from volunteer.commendation import queries
from volunteer.commendation.models import (
    Campaign,
    CampaignQuota,
    CampaignStatus,
    NominationStatus,
    QuotaKind,
)
from volunteer.commendation.rules import share_places
from volunteer.commendation.working_days import notice_period
from volunteer.errors import Conflict, DomainError
from volunteer.extensions import db
from volunteer.units.models import Unit
from volunteer.units.queries import organisation_root

NOTICE_DAYS_MAX = 30
PLACES_MAX = 1000


def open_campaign(
    *,
    year: int,
    title: str,
    min_hours: Decimal,
    quota_kind: QuotaKind,
    quota_value: Decimal,
    nomination_deadline: date,
    notice_days: int,
    by: Account,
) -> Campaign:
    """Open the year's campaign and fix each nominating unit's places."""
    root = _organisation_of(by)
    _check_opening(
        year, title, min_hours, quota_kind, quota_value, nomination_deadline, notice_days
    )
    if queries.campaign_of_year(year) is not None:
        raise Conflict(_("%(year)d 年度的评选已经开始，每年只有一次评选。", year=year))
    campaign = Campaign(
        year=year,
        title=title.strip(),
        min_hours=min_hours,
        quota_kind=quota_kind,
        quota_value=quota_value,
        nomination_deadline=nomination_deadline,
        notice_days=notice_days,
        opened_by_id=by.id,
    )
    db.session.add(campaign)
    db.session.flush()
    places = {}
    for unit in queries.nominating_units(root):
        registered = queries.registered_in(unit)
        if quota_kind is QuotaKind.NUMBER:
            count = int(quota_value)
        else:
            count = share_places(registered, quota_value)
        db.session.add(
            CampaignQuota(
                campaign_id=campaign.id, unit_id=unit.id, registered=registered, places=count
            )
        )
        places[unit.code] = count
    if not places:
        raise DomainError(_("机关下还没有单位，无法分配名额。"))
    db.session.flush()
    _audit("commendation.open", campaign, by, after={**_state(campaign), "places": places})
    return campaign


def close_nominations(campaign: Campaign, *, by: Account) -> Campaign:
    """Stop taking nominations: the level above finishes its review, then publishes."""
    _organisation_of(by)
    if campaign.status is not CampaignStatus.OPEN:
        raise DomainError(_("本次评选已不在提名阶段。"))
    before = _state(campaign)
    campaign.status = CampaignStatus.REVIEWING
    db.session.flush()
    _audit("commendation.close", campaign, by, before=before, after=_state(campaign))
    return campaign


def publish_list(campaign: Campaign, *, by: Account) -> Campaign:
    """Put the approved list on notice for the campaign's working days, from today."""
    _organisation_of(by)
    if campaign.status is not CampaignStatus.REVIEWING:
        raise DomainError(_("请先截止提名，审核完毕后再公示。"))
    waiting = queries.nominations(campaign, statuses=(NominationStatus.NOMINATED,))
    if waiting:
        raise DomainError(_("还有 %(n)d 个提名尚未审核，审核完毕后才能公示。", n=len(waiting)))
    if not queries.nominations(campaign, statuses=(NominationStatus.APPROVED,)):
        raise DomainError(_("没有审核通过的提名，无法公示。"))
    before = _state(campaign)
    first, last = notice_period(clock.local_today(), campaign.notice_days)
    campaign.status = CampaignStatus.PUBLISHED
    campaign.notice_starts_on, campaign.notice_ends_on = first, last
    campaign.published_at = clock.utc_now()
    db.session.flush()
    _audit("commendation.publish", campaign, by, before=before, after=_state(campaign))
    return campaign


def finalise_list(campaign: Campaign, *, by: Account) -> Campaign:
    """Make the list final once the notice period is over and every objection resolved."""
    root = _organisation_of(by)
    if campaign.status is not CampaignStatus.PUBLISHED or campaign.notice_ends_on is None:
        raise DomainError(_("只有公示中的名单才能定稿。"))
    if clock.local_today() <= campaign.notice_ends_on:
        raise DomainError(
            _(
                "公示期到 %(day)s 结束，结束后才能定稿。",
                day=campaign.notice_ends_on.isoformat(),
            )
        )
    open_count = queries.open_objection_count(campaign)
    if open_count:
        raise DomainError(_("还有 %(n)d 条异议未处理，处理完毕后才能定稿。", n=open_count))
    before = _state(campaign)
    approved = queries.nominations(campaign, statuses=(NominationStatus.APPROVED,))
    for number, nomination in enumerate(approved, start=1):
        nomination.honour_serial = f"{root.code}-{campaign.year}-YX{number:03d}"
    campaign.status = CampaignStatus.FINAL
    campaign.finalised_at = clock.utc_now()
    db.session.flush()
    _audit(
        "commendation.finalise",
        campaign,
        by,
        before=before,
        after={**_state(campaign), "people": len(approved)},
    )
    return campaign


def record_honours_printed(campaign: Campaign, *, people: int, by: Account) -> None:
    """Log that honour certificates were printed, and for how many people."""
    _audit(
        "commendation.print_honours", campaign, by, after={"year": campaign.year, "people": people}
    )


def _organisation_of(by: Account) -> Unit:
    """Return the root, refusing anyone who does not administer the whole organisation."""
    root = organisation_root()
    if root is None or not can(by, Role.ADMIN, root):
        raise DomainError(_("只有机关的系统管理员可以组织评选。"), code="forbidden")
    return root


def _check_opening(
    year: int,
    title: str,
    min_hours: Decimal,
    quota_kind: QuotaKind,
    quota_value: Decimal,
    nomination_deadline: date,
    notice_days: int,
) -> None:
    today = clock.local_today()
    if not today.year - 1 <= year <= today.year:
        raise DomainError(_("只能为今年或去年组织评选。"))
    if not title.strip() or len(title.strip()) > 100:
        raise DomainError(_("请填写评选名称（不超过 100 个字）。"))
    if not Decimal(0) <= min_hours <= Decimal(2000):
        raise DomainError(_("时长条件须在 0 到 2000 小时之间。"))
    if quota_kind is QuotaKind.NUMBER and (
        quota_value != quota_value.to_integral_value() or not 1 <= quota_value <= PLACES_MAX
    ):
        raise DomainError(_("每个单位的名额须是 1 到 %(n)d 之间的整数。", n=PLACES_MAX))
    if quota_kind is QuotaKind.SHARE and not Decimal("0.1") <= quota_value <= Decimal(100):
        raise DomainError(_("名额比例须在 %(low)s 到 %(high)s 之间。", low="0.1%", high="100%"))
    if nomination_deadline < today:
        raise DomainError(_("提名截止日期不能早于今天。"))
    if not 1 <= notice_days <= NOTICE_DAYS_MAX:
        raise DomainError(_("公示期须在 1 到 %(n)d 个工作日之间。", n=NOTICE_DAYS_MAX))


def _state(campaign: Campaign) -> dict:
    return {
        "year": campaign.year,
        "title": campaign.title,
        "status": str(campaign.status),
        "min_hours": str(campaign.min_hours),
        "quota_kind": str(campaign.quota_kind),
        "quota_value": str(campaign.quota_value),
        "nomination_deadline": campaign.nomination_deadline.isoformat(),
        "notice_days": campaign.notice_days,
        "notice_starts_on": _day(campaign.notice_starts_on),
        "notice_ends_on": _day(campaign.notice_ends_on),
    }


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _audit(
    action: str, campaign: Campaign, by: Account, *, before: dict | None = None, after: dict
) -> None:
    # The campaign belongs to the whole organisation: its entries are for its administrators.
    record_change(
        action=action,
        subject_type="commendation_campaign",
        subject_id=campaign.id,
        unit_id=None,
        before=before,
        after=after,
        actor_id=by.id,
    )
