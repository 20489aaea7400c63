"""How pages show a person's employment status."""

from flask_babel import gettext

from volunteer.people.models import EmploymentStatus


def employment_status_label(status: str) -> str:
    """Name an employment status (在职 / 离职 / 退休) in the reader's language."""
    try:
        return gettext(EmploymentStatus(status).label)
    except ValueError:
        return status


def employment_status_tone(status: str) -> str:
    """Say how a badge shows an employment status (ok, warn or muted)."""
    try:
        return EmploymentStatus(status).tone
    except ValueError:
        return "warn"
