"""Job kinds the jobs tests submit: counting steps (slowly when asked), and refusing.

The worker started as a subprocess loads this module through JOB_KIND_MODULES.
"""

from __future__ import annotations

import time

from volunteer.errors import DomainError
from volunteer.jobs import task_kind


@task_kind("test.count")
def count(params, job):
    """Count to `steps`, pausing `pause` seconds at each; the file lists the numbers."""
    steps = int(params["steps"])
    lines = []
    for step in range(1, steps + 1):
        time.sleep(float(params.get("pause", 0)))
        lines.append(str(step))
        job(step, steps)
    job.note(f"counted {steps}")
    return "count.txt", ("\n".join(lines) + "\n").encode()


@task_kind("test.count_to_file")
def count_to_file(params, job):
    """Write the numbers to the scratch file as it goes, like a big export, slowly."""
    steps = int(params["steps"])
    path = job.scratch(".txt")
    with path.open("w") as out:
        for step in range(1, steps + 1):
            out.write(f"{step}\n")
            out.flush()
            job(step, steps)
            time.sleep(float(params.get("pause", 0)))
    return "count.txt", path


@task_kind("test.refuse")
def refuse(params, job):
    """Refuse by a rule, as a service would."""
    raise DomainError("没有可导出的记录。")


@task_kind("test.crash", retries=1)
def crash(params, job):
    """Crash unexpectedly (a retry is allowed once)."""
    raise RuntimeError("disk on fire")
