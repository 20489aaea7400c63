"""What the person did: service records, evidence, corrections, sign-ups, teams, codes."""

from __future__ import annotations

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import aliased

from volunteer.activities.models import Activity, Signup, Team, TeamMember
from volunteer.privacy.queries.person import Person, named, unit_named
from volunteer.records.models import Correction, RecordAttachment, ServiceRecord
from volunteer.scanner.models import VolunteerCode


def records(person: Person) -> Select:
    """Select every service record of the person, all years and statuses, latest first."""
    return (
        select(
            ServiceRecord.activity_id.label("activity_no"),
            Activity.title.label("activity"),
            unit_named(Activity.unit_id).label("activity_unit"),
            ServiceRecord.service_date.label("service_date"),
            ServiceRecord.signed_in_at.label("signed_in_at"),
            ServiceRecord.signed_out_at.label("signed_out_at"),
            ServiceRecord.credited_minutes.label("credited_minutes"),
            ServiceRecord.hours.label("hours"),
            ServiceRecord.status.label("status"),
            ServiceRecord.source.label("source"),
            ServiceRecord.review_reason.label("review_reason"),
            ServiceRecord.note.label("note"),
            ServiceRecord.status_reason.label("status_reason"),
            named(ServiceRecord.recorded_by_id).label("recorded_by"),
            named(ServiceRecord.reviewed_by_id).label("reviewed_by"),
            ServiceRecord.reviewed_at.label("reviewed_at"),
            ServiceRecord.device.label("device"),
        )
        .join(Activity, Activity.id == ServiceRecord.activity_id)
        .where(ServiceRecord.account_id == person.account_id)
        .order_by(ServiceRecord.signed_in_at.desc(), ServiceRecord.id.desc())
    )


def corrections(person: Person) -> Select:
    """Select the person's correction requests and how each was answered, latest first."""
    record = aliased(ServiceRecord)
    return (
        select(
            Correction.created_at.label("created_at"),
            Activity.title.label("activity"),
            record.service_date.label("record_date"),
            Correction.proposed_signed_in_at.label("proposed_signed_in_at"),
            Correction.proposed_signed_out_at.label("proposed_signed_out_at"),
            Correction.message.label("message"),
            Correction.status.label("status"),
            named(Correction.resolved_by_id).label("resolved_by"),
            Correction.resolved_at.label("resolved_at"),
            Correction.resolution_reason.label("resolution_reason"),
        )
        .outerjoin(record, record.id == Correction.record_id)
        # A correction names its activity, or (a wrong record) its record's.
        .outerjoin(
            Activity, Activity.id == func.coalesce(Correction.activity_id, record.activity_id)
        )
        .where(Correction.account_id == person.account_id)
        .order_by(Correction.created_at.desc(), Correction.id.desc())
    )


def attachments(person: Person) -> Select:
    """Select the files kept as evidence for the person's records and corrections (not their
    contents: a photo of a sign-in sheet shows other people too)."""
    own_records = select(ServiceRecord.id).where(ServiceRecord.account_id == person.account_id)
    own_corrections = select(Correction.id).where(Correction.account_id == person.account_id)
    record = aliased(ServiceRecord)
    return (
        select(
            RecordAttachment.filename.label("filename"),
            RecordAttachment.size.label("size"),
            case((RecordAttachment.correction_id.is_not(None), "correction"), else_="record").label(
                "attached_to"
            ),
            Activity.title.label("activity"),
            named(RecordAttachment.uploaded_by_id).label("uploaded_by"),
            RecordAttachment.uploaded_at.label("uploaded_at"),
        )
        .outerjoin(record, record.id == RecordAttachment.record_id)
        .outerjoin(Activity, Activity.id == record.activity_id)
        .where(
            or_(
                RecordAttachment.record_id.in_(own_records),
                RecordAttachment.correction_id.in_(own_corrections),
            )
        )
        .order_by(RecordAttachment.uploaded_at.desc(), RecordAttachment.id.desc())
    )


def signups(person: Person) -> Select:
    """Select the person's sign-ups, withdrawn ones too, latest activity first."""
    return (
        select(
            Signup.activity_id.label("activity_no"),
            Activity.title.label("activity"),
            Activity.starts_at.label("starts_at"),
            Signup.status.label("status"),
            Signup.created_at.label("created_at"),
            Signup.updated_at.label("updated_at"),
        )
        .join(Activity, Activity.id == Signup.activity_id)
        .where(Signup.account_id == person.account_id)
        .order_by(Activity.starts_at.desc(), Signup.id.desc())
    )


def team_memberships(person: Person) -> Select:
    """Select the teams the person is or was in, latest first."""
    return (
        select(
            Team.name.label("team"),
            Team.kind.label("kind"),
            unit_named(Team.unit_id).label("unit"),
            TeamMember.is_leader.label("is_leader"),
            TeamMember.skills.label("skills"),
            TeamMember.joined_at.label("joined_at"),
            TeamMember.left_at.label("left_at"),
        )
        .join(Team, Team.id == TeamMember.team_id)
        .where(TeamMember.account_id == person.account_id)
        .order_by(TeamMember.joined_at.desc(), TeamMember.id.desc())
    )


def codes(person: Person) -> Select:
    """Select the person's phone codes and badges; never the key inside them, which is a
    credential: whoever holds it signs in as the person."""
    return (
        select(
            VolunteerCode.kind.label("kind"),
            VolunteerCode.issued_at.label("issued_at"),
            named(VolunteerCode.issued_by_id).label("issued_by"),
            VolunteerCode.revoked_at.label("revoked_at"),
            named(VolunteerCode.revoked_by_id).label("revoked_by"),
        )
        .where(VolunteerCode.account_id == person.account_id)
        .order_by(VolunteerCode.issued_at.desc(), VolunteerCode.id.desc())
    )
