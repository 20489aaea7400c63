"""Who may export a unit's reports: its managers (and admins above them), nobody else."""

from authz import Access

from volunteer.auth.models import Role

SPEC = {
    "reports.index": Access(Role.MANAGER),
    "reports.summary_xlsx": Access(Role.MANAGER),
    "reports.people_xlsx": Access(Role.MANAGER),
    "reports.people_csv": Access(Role.MANAGER),
    "reports.records_xlsx": Access(Role.MANAGER),
    "reports.records_csv": Access(Role.MANAGER),
    # Without a reason and the confirmation the form comes back (200); nothing is exported.
    "reports.records_csv_with_ids": Access(Role.MANAGER),
}
