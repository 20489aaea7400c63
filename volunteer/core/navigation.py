"""Which link of the top bar's navigation a page belongs to, for aria-current."""

# A page belongs to the link of its own endpoint, else to one of these, else to its blueprint's.
# The volunteer's own pages sit under 我的 wherever their blueprint is; 活动 (browse) is the
# volunteer's list, 活动管理 (index) the coordinator's.
SECTION_OF_ENDPOINT = {
    "activities.mine": "activities.browse",
    "activities.sign_up": "activities.browse",
    "activities.withdraw": "activities.browse",
    "records.my_records": "registration.me",
    "records.request_correction": "registration.me",
    "records.report_missing": "registration.me",
    "certificates.mine": "registration.me",
    "certificates.my_pdf": "registration.me",
    "privacy.mine": "registration.me",
    "scanner.my_code": "registration.me",
    "auth.change_password": "registration.me",
    "auth.devices": "registration.me",
    "reminders.notices": "registration.me",
}

SECTION_OF_BLUEPRINT = {
    "activities": "activities.index",
    "checkin": "activities.index",
    "units": "units.overview",
    "people": "units.overview",
    "teams": "units.overview",
    "progress": "progress.index",
    "reports": "progress.index",
    "reminders": "progress.index",
    "records": "records.review",
    "registration": "registration.pending",
    "imports": "imports.index",
    "audit": "audit.log",
    "jobs": "jobs.index",
    "certificates": "certificates.index",
    "targets": "targets.index",
    "auth": "auth.accounts",
    "commendation": "commendation.index",
}

# The navigation's own links: a page whose endpoint is one of them is that link's section.
NAV_ENDPOINTS = frozenset(
    {
        "activities.browse",
        "registration.me",
        *SECTION_OF_BLUEPRINT.values(),
    }
)


def section_of(endpoint: str | None) -> str | None:
    """The endpoint of the navigation link the page `endpoint` belongs to, or None."""
    if not endpoint:
        return None
    if endpoint in NAV_ENDPOINTS:
        return endpoint
    if endpoint in SECTION_OF_ENDPOINT:
        return SECTION_OF_ENDPOINT[endpoint]
    return SECTION_OF_BLUEPRINT.get(endpoint.rpartition(".")[0])
