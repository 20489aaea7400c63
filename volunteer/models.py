"""Every table, imported in one place so Alembic and create_all() see the whole schema."""

from volunteer.activities.models import (
    Activity,
    Category,
    MonthlyTheme,
    Project,
    Signup,
    Team,
    TeamMember,
)
from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Account, Role, RoleGrant
from volunteer.certificates.models import Certificate, IssuingSettings
from volunteer.commendation.models import Campaign, CampaignQuota, Nomination, Objection
from volunteer.imports.models import ImportBatch
from volunteer.jobs.models import Job
from volunteer.people.models import StaffMember, StaffTransfer
from volunteer.progress.models import RosterEntry
from volunteer.records.models import Correction, PersonYearHours, RecordAttachment, ServiceRecord
from volunteer.registration.models import Registration
from volunteer.reminders.models import Notice
from volunteer.scanner.models import OfflineScan, VolunteerCode
from volunteer.targets.models import YearlyTarget
from volunteer.units.models import Unit

__all__ = [
    "Account",
    "Activity",
    "AuditEntry",
    "Campaign",
    "CampaignQuota",
    "Category",
    "Certificate",
    "Correction",
    "ImportBatch",
    "IssuingSettings",
    "Job",
    "MonthlyTheme",
    "Nomination",
    "Notice",
    "Objection",
    "OfflineScan",
    "PersonYearHours",
    "Project",
    "RecordAttachment",
    "Registration",
    "Role",
    "RoleGrant",
    "RosterEntry",
    "ServiceRecord",
    "Signup",
    "StaffMember",
    "StaffTransfer",
    "Team",
    "TeamMember",
    "Unit",
    "VolunteerCode",
    "YearlyTarget",
]
