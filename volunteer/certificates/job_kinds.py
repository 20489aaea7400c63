"""Printing a unit's certificates in the background: too many people for one request."""

from __future__ import annotations

from typing import Any

from volunteer.certificates.services.printing import print_unit_certificates
from volunteer.jobs.registry import JobContext, Result, task_kind
from volunteer.texts import N_

UNIT_CERTIFICATES = "certificates.unit"


@task_kind(UNIT_CERTIFICATES, label=N_("单位时长证明批量打印"))
def print_unit(params: dict[str, Any], job: JobContext) -> Result:
    """Issue and draw the unit's certificates of the year as one PDF, reporting progress."""
    pdf = print_unit_certificates(
        params["unit_id"], params["year"], by_id=job.owner_id, progress=job
    )
    return f"{params['unit_code']}-{params['year']}-时长证明.pdf", pdf
