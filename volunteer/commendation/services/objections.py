"""Objections to a published list: raised by anyone logged in, resolved by the reviewer.

The objector's real name and contact are kept from the nominee and from every other viewer:
only the reviewers' page shows them, and the audit entries (for the organisation's
administrators alone) hold neither.
"""

from __future__ import annotations

from flask_babel import gettext as _

from volunteer import clock
from volunteer.audit.services import record_change
from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import can
from volunteer.commendation.models import (
    CampaignStatus,
    Nomination,
    NominationStatus,
    Objection,
    ObjectionStatus,
)
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.people.validation import clean_text, trim_name
from volunteer.units.queries import organisation_root

NAME_MAX, CONTACT_MAX, TEXT_MAX = 50, 100, 500


def raise_objection(
    nomination: Nomination, *, real_name: str, contact: str, content: str, by: Account
) -> Objection:
    """Record an objection to a nomination on notice, with the objector's real name and contact."""
    campaign = nomination.campaign
    today = clock.local_today()
    if (
        campaign.status is not CampaignStatus.PUBLISHED
        or campaign.notice_ends_on is None
        or today > campaign.notice_ends_on
    ):
        raise DomainError(_("公示期已结束，不能再提出异议。"), code="closed")
    if nomination.status is not NominationStatus.APPROVED:
        raise DomainError(_("该提名已不在公示名单中。"))
    real_name, contact, content = trim_name(real_name), clean_text(contact), clean_text(content)
    if not real_name or not contact:
        raise DomainError(_("提出异议须填写真实姓名和联系方式。"), code="identity")
    if not content:
        raise DomainError(_("请写明异议的内容。"))
    if len(real_name) > NAME_MAX or len(contact) > CONTACT_MAX or len(content) > TEXT_MAX:
        raise DomainError(
            _(
                "姓名不超过 %(name)d 个字，联系方式不超过 %(contact)d 个字，"
                "异议内容不超过 %(text)d 个字。",
                name=NAME_MAX,
                contact=CONTACT_MAX,
                text=TEXT_MAX,
            )
        )
    objection = Objection(
        nomination_id=nomination.id,
        raised_by_id=by.id,
        real_name=real_name,
        contact=contact,
        content=content,
    )
    db.session.add(objection)
    db.session.flush()
    _audit("commendation.object", objection, by, after={"nomination_id": nomination.id})
    return objection


def resolve_objection(objection: Objection, *, note: str, withdraw: bool, by: Account) -> Objection:
    """Resolve an objection with a note, withdrawing the nomination when it is upheld."""
    root = organisation_root()
    if root is None or not can(by, Role.MANAGER, root):
        raise DomainError(_("只有机关的管理员可以处理异议。"), code="forbidden")
    nomination = objection.nomination
    if nomination.campaign.status is not CampaignStatus.PUBLISHED:
        raise DomainError(_("名单已定稿，不能再处理异议。"))
    if not objection.is_open:
        raise DomainError(_("这条异议已经处理过了。"))
    note = clean_text(note)
    if not note:
        raise DomainError(_("请填写处理意见。"))
    if len(note) > TEXT_MAX:
        raise DomainError(_("处理意见不能超过 %(n)d 个字。", n=TEXT_MAX))
    objection.status = ObjectionStatus.UPHELD if withdraw else ObjectionStatus.DISMISSED
    objection.resolved_by_id = by.id
    objection.resolved_at = clock.utc_now()
    objection.resolution_note = note
    after: dict = {"nomination_id": nomination.id, "status": str(objection.status)}
    if withdraw and nomination.status is NominationStatus.APPROVED:
        nomination.status = NominationStatus.WITHDRAWN
        nomination.withdrawn_at = objection.resolved_at
        record_change(
            action="commendation.withdraw",
            subject_type="commendation_nomination",
            subject_id=nomination.id,
            unit_id=nomination.unit_id,
            before={"status": str(NominationStatus.APPROVED)},
            after={"status": str(nomination.status)},
            reason=note,
            actor_id=by.id,
        )
    db.session.flush()
    _audit("commendation.resolve_objection", objection, by, after=after, reason=note)
    return objection


def _audit(
    action: str, objection: Objection, by: Account, *, after: dict, reason: str | None = None
) -> None:
    # No unit: a manager of the nominee's unit (or the nominee) must not learn who objected.
    record_change(
        action=action,
        subject_type="commendation_objection",
        subject_id=objection.id,
        unit_id=None,
        after=after,
        reason=reason,
        actor_id=by.id,
    )
