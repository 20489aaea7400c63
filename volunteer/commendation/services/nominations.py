"""A unit manager nominates within the quota; the level above approves or rejects."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _

from volunteer import clock
from volunteer.audit.services import record_change
from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import can
from volunteer.commendation import queries
from volunteer.commendation.models import Campaign, Nomination, NominationStatus
from volunteer.commendation.rules import (
    ATTACHMENT_REFUSED,
    CITATION_MAX,
    attachment_kind,
    citation_length,
)
from volunteer.core.numbers import format_hours
from volunteer.errors import Conflict, DomainError
from volunteer.extensions import db
from volunteer.people.validation import clean_text, fold_identifier
from volunteer.units.models import Unit
from volunteer.units.queries import organisation_root

REASON_MAX = 500


@dataclass(frozen=True)
class Upload:
    """A file as the form received it."""

    filename: str
    content: bytes


def nominate(
    campaign: Campaign,
    unit: Unit,
    *,
    identifier: str,
    citation: str,
    upload: Upload | None,
    by: Account,
) -> Nomination:
    """Nominate the person with this 工号 for `unit`, with the hours the system holds."""
    if not campaign.takes_nominations or clock.local_today() > campaign.nomination_deadline:
        raise DomainError(
            _(
                "提名已截止（截止日期 %(day)s）。",
                day=campaign.nomination_deadline.isoformat(),
            ),
            code="closed",
        )
    if not can(by, Role.MANAGER, unit):
        raise DomainError(_("只能提名本单位的人员。"), code="scope")
    quota = queries.quota_of(campaign, unit, for_update=True)
    if quota is None:
        raise DomainError(_("该单位不在本次评选的推荐单位之列。"), code="scope")
    wanted = fold_identifier(identifier)
    person = queries.find_person(wanted) if wanted else None
    if person is None:
        raise DomainError(_("没有找到工号为“%(who)s”的人员。", who=wanted), code="unknown")
    own_unit = person.unit
    if own_unit is None or not unit.contains(own_unit):
        raise DomainError(
            _("%(name)s 不属于%(unit)s，不能由本单位提名。", name=person.name, unit=unit.name),
            code="scope",
        )
    if person.account is None or person.registration is None:
        raise DomainError(
            _("%(name)s 不是注册志愿者，不能提名。", name=person.name), code="unregistered"
        )
    hours = queries.person_hours(person.account.id, campaign.year)
    if hours.year < campaign.min_hours:
        raise DomainError(
            _(
                "%(name)s %(year)d 年度已审核的服务时长为 %(hours)s 小时，"
                "未达到评选条件 %(min)s 小时。",
                name=person.name,
                year=campaign.year,
                hours=format_hours(hours.year),
                min=format_hours(campaign.min_hours),
            ),
            code="too_few_hours",
        )
    earlier = queries.nomination_of(campaign, person.account.id)
    if earlier is not None:
        raise Conflict(
            _(
                "%(name)s 已被提名（%(status)s），不能重复提名。",
                name=person.name,
                status=_(earlier.status.label),
            ),
            code="already_nominated",
        )
    if queries.places_taken(campaign, unit.id) >= quota.places:
        raise DomainError(
            _("%(unit)s 的名额（%(n)d 名）已满。", unit=unit.name, n=quota.places),
            code="quota_full",
        )
    text = _checked_citation(citation)
    nomination = Nomination(
        campaign_id=campaign.id,
        account_id=person.account.id,
        unit_id=unit.id,
        department_id=own_unit.id if own_unit.id != unit.id else None,
        name=person.name,
        year_hours=hours.year,
        cumulative_hours=hours.cumulative,
        citation=text,
        nominated_by_id=by.id,
    )
    if upload is not None:
        _attach(nomination, upload)
    db.session.add(nomination)
    db.session.flush()
    _audit("commendation.nominate", nomination, by, after=_state(nomination))
    return nomination


def review_nomination(
    nomination: Nomination, *, approve: bool, reason: str | None, by: Account
) -> Nomination:
    """Approve a nomination, or reject it with a reason (the level above the unit)."""
    root = organisation_root()
    if root is None or not can(by, Role.MANAGER, root):
        raise DomainError(_("只有机关的管理员可以审核提名。"), code="forbidden")
    if not nomination.campaign.under_review:
        raise DomainError(_("名单已公示，不能再审核。"))
    if nomination.status is not NominationStatus.NOMINATED:
        raise DomainError(_("该提名已审核（%(status)s）。", status=_(nomination.status.label)))
    reason = clean_text(reason) or None
    if not approve and reason is None:
        raise DomainError(_("请填写不通过的原因。"))
    if reason is not None and len(reason) > REASON_MAX:
        raise DomainError(_("原因不能超过 %(n)d 个字。", n=REASON_MAX))
    before = _state(nomination)
    nomination.status = NominationStatus.APPROVED if approve else NominationStatus.REJECTED
    nomination.reviewed_by_id = by.id
    nomination.reviewed_at = clock.utc_now()
    nomination.review_reason = reason
    db.session.flush()
    action = "commendation.approve" if approve else "commendation.reject"
    _audit(action, nomination, by, before=before, after=_state(nomination), reason=reason)
    return nomination


def _checked_citation(citation: str) -> str:
    text = clean_text(citation)
    if not text:
        raise DomainError(_("请填写主要事迹。"), code="citation")
    if citation_length(text) > CITATION_MAX:
        raise DomainError(
            _(
                "主要事迹不能超过 %(max)d 个字（现在 %(n)d 个字）。",
                max=CITATION_MAX,
                n=citation_length(text),
            ),
            code="citation",
        )
    return text


def _attach(nomination: Nomination, upload: Upload) -> None:
    limit = current_app.config["MAX_ATTACHMENT_BYTES"]
    if len(upload.content) > limit:
        raise DomainError(
            _("附件不能超过 %(mb)s MB。", mb=format_hours(limit / 1024 / 1024)), code="attachment"
        )
    kind = attachment_kind(upload.content)
    if kind is None:
        raise DomainError(_(ATTACHMENT_REFUSED), code="attachment")
    mimetype, extension = kind
    stem = upload.filename.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0] or "attachment"
    nomination.attachment_name = f"{stem[:190]}.{extension}"
    nomination.attachment_type = mimetype
    nomination.attachment_size = len(upload.content)
    nomination.attachment = upload.content


def _state(nomination: Nomination) -> dict:
    return {
        "campaign_id": nomination.campaign_id,
        "account_id": nomination.account_id,
        "unit_id": nomination.unit_id,
        "year_hours": str(nomination.year_hours),
        "cumulative_hours": str(nomination.cumulative_hours),
        "citation": nomination.citation,
        "status": str(nomination.status),
        "filename": nomination.attachment_name,
    }


def _audit(
    action: str,
    nomination: Nomination,
    by: Account,
    *,
    before: dict | None = None,
    after: dict,
    reason: str | None = None,
) -> None:
    record_change(
        action=action,
        subject_type="commendation_nomination",
        subject_id=nomination.id,
        unit_id=nomination.unit_id,
        before=before,
        after=after,
        reason=reason,
        actor_id=by.id,
    )
