"""Who may see background jobs: the owner, and administrators of the job's unit."""

from authz import LOGIN, Access

from volunteer.auth.models import Role

# The matrix's jobs belong to accounts outside its roles (target_own, target_other), so only
# an administrator of the job's unit reaches them; test_jobs.py checks that owners do too.
JOB = Access(Role.ADMIN)

SPEC = {
    "jobs.index": LOGIN,
    "jobs.detail": JOB,
    "jobs.state_json": JOB,
    "jobs.file": JOB,
    "jobs.resubmit": JOB,
    "jobs.records_export": Access(Role.MANAGER),
}


def fillers(world) -> dict[str, tuple]:
    """A finished job with its file in each hospital, owned by the matrix's target accounts."""
    from volunteer.extensions import db
    from volunteer.jobs import handoff
    from volunteer.jobs.models import Job, JobStatus
    from volunteer.jobs.storage import jobs_folder

    ids = []
    for side in ("own", "other"):
        job = Job(
            kind="records.xlsx",
            params={},
            owner_id=world.accounts[f"target_{side}"].id,
            unit_id=world.units[side].id,
            status=JobStatus.DONE,
            filename="records.xlsx",
        )
        db.session.add(job)
        db.session.flush()
        published = handoff.publish(b"whole", jobs_folder() / f"job-{job.id}-matrix.xlsx")
        job.file_path = str(published.path)
        job.file_size, job.file_sha256 = published.size, published.sha256
        ids.append(job.id)
    db.session.commit()
    return {"job_id": tuple(ids)}
