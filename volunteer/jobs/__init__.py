"""Long work in the background: jobs run by a Huey worker, their progress and finished files."""

from volunteer.jobs.registry import task_kind

__all__ = ["task_kind"]
