"""Who may open which commendation page: helpers the views share, aborting with 403 or 404."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from volunteer.auth.models import Role
from volunteer.auth.permissions import can, require
from volunteer.commendation import queries
from volunteer.commendation.models import Campaign, CampaignQuota, Nomination, Objection
from volunteer.extensions import db
from volunteer.units.models import Unit
from volunteer.units.queries import organisation_root


def campaign_or_404(campaign_id: int) -> Campaign:
    campaign = queries.campaign_by_id(campaign_id)
    if campaign is None:
        abort(404)
    return campaign


def is_reviewer() -> bool:
    """Say whether the viewer is the level above the units: a manager of the organisation."""
    return can(current_user, Role.MANAGER, organisation_root())


def is_organiser() -> bool:
    """Say whether the viewer runs campaigns: an administrator of the organisation."""
    return can(current_user, Role.ADMIN, organisation_root())


def require_reviewer() -> None:
    require(Role.MANAGER, organisation_root())


def require_organiser() -> None:
    require(Role.ADMIN, organisation_root())


def visible_campaign_or_404(campaign_id: int) -> Campaign:
    """Return a campaign whose list everyone sees (published or final); reviewers see all."""
    campaign = campaign_or_404(campaign_id)
    if not campaign.is_public and not is_reviewer():
        abort(404)
    return campaign


def nominating_unit(campaign: Campaign, unit_id: int) -> Unit:
    """Return a unit of the campaign that the viewer manages; 403 outside scope, 404 if none."""
    unit = db.session.get(Unit, unit_id)
    if unit is None:
        abort(404)
    require(Role.MANAGER, unit)
    if db.session.get(CampaignQuota, (campaign.id, unit.id)) is None:
        abort(404)
    return unit


def managed_nomination_or_404(nomination_id: int) -> Nomination:
    """Return a nomination of a unit the viewer manages (the reviewers manage every unit)."""
    nomination = queries.nomination_by_id(nomination_id)
    if nomination is None:
        abort(404)
    require(Role.MANAGER, nomination.unit)
    return nomination


def reviewed_nomination_or_404(nomination_id: int) -> Nomination:
    require_reviewer()
    nomination = queries.nomination_by_id(nomination_id)
    if nomination is None:
        abort(404)
    return nomination


def objection_or_404(objection_id: int) -> Objection:
    require_reviewer()
    objection = queries.objection_by_id(objection_id)
    if objection is None:
        abort(404)
    return objection
