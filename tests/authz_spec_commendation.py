"""Who may reach the commendation pages.

The organisation's administrator runs a campaign; managers nominate for the units they manage;
the level above (a manager or administrator of the root) reviews and resolves objections; the
published list and the objection form are for everyone logged in. The matrix's campaign is on
notice, with one approved nomination (with an attachment) and one objection in each hospital.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from authz import LOGIN, Access

from volunteer.auth.models import Role
from volunteer.clock import local_today
from volunteer.commendation.models import (
    Campaign,
    CampaignQuota,
    CampaignStatus,
    Nomination,
    NominationStatus,
    Objection,
    QuotaKind,
)
from volunteer.extensions import db

ORGANISER = Access(Role.ADMIN, scoped=False, root_only=True)
REVIEWER = Access(Role.MANAGER, scoped=False, root_only=True)

SPEC = {
    "commendation.index": LOGIN,
    "commendation.notice": LOGIN,
    "commendation.object_to": LOGIN,
    "commendation.open_campaign": ORGANISER,
    "commendation.close": ORGANISER,
    "commendation.publish": ORGANISER,
    "commendation.finalise": ORGANISER,
    # Any manager sees the places of the units they manage; reviewers see every nomination.
    "commendation.campaign": Access(Role.MANAGER, scoped=False),
    # A unit's nominations and their attachments: its managers and the level above.
    "commendation.unit": Access(Role.MANAGER),
    "commendation.attachment": Access(Role.MANAGER),
    "commendation.approve": REVIEWER,
    "commendation.reject": REVIEWER,
    "commendation.resolve": REVIEWER,
    "commendation.list_xlsx": REVIEWER,
    "commendation.honours": REVIEWER,
}


def fillers(world) -> dict[str, tuple]:
    """A campaign on notice with a nomination and an objection in each hospital."""
    today = local_today()
    campaign = Campaign(
        year=today.year,
        title="优秀志愿者评选",
        status=CampaignStatus.PUBLISHED,
        min_hours=Decimal(48),
        quota_kind=QuotaKind.NUMBER,
        quota_value=Decimal(2),
        nomination_deadline=today - timedelta(days=1),
        notice_days=5,
        notice_starts_on=today,
        notice_ends_on=today + timedelta(days=7),
    )
    db.session.add(campaign)
    db.session.flush()
    nominations, objections = [], []
    for side in ("own", "other"):
        unit, account = world.units[side], world.accounts[f"target_{side}"]
        db.session.add(
            CampaignQuota(campaign_id=campaign.id, unit_id=unit.id, registered=1, places=2)
        )
        nomination = Nomination(
            campaign_id=campaign.id,
            account_id=account.id,
            unit_id=unit.id,
            name=account.display_name,
            year_hours=Decimal(60),
            cumulative_hours=Decimal(120),
            citation="长期参加门诊导医服务。",
            status=NominationStatus.APPROVED,
            attachment_name="photo.png",
            attachment_type="image/png",
            attachment_size=8,
            attachment=b"\x89PNG\r\n\x1a\n",
        )
        db.session.add(nomination)
        db.session.flush()
        objection = Objection(
            nomination_id=nomination.id,
            raised_by_id=world.accounts["volunteer"].id,
            real_name="李四",
            contact="13800000009",
            content="时长有误。",
        )
        db.session.add(objection)
        db.session.flush()
        nominations.append(nomination.id)
        objections.append(objection.id)
    db.session.commit()
    return {
        "campaign_id": (campaign.id, campaign.id),
        "nomination_id": tuple(nominations),
        "objection_id": tuple(objections),
    }
