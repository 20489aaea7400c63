"""The kinds of background job: a name and the function that does the work.

A kind's function takes the job's parameters (plain JSON values) and its context, reports
progress through the context, and returns the finished file as (filename, bytes or a path it
wrote), or None when the job leaves no file (an import: its summary is the message).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


class JobContext(Protocol):
    """What a kind's function is handed beside its parameters (runner.RunningJob)."""

    job_id: int
    owner_id: int | None
    unit_id: int | None

    def __call__(self, done: int, total: int | None = None) -> None:
        """Report that `done` of `total` steps are finished."""

    def note(self, message: str) -> None:
        """Say what the job did, shown when it is done."""

    def scratch(self, suffix: str) -> Path:
        """Return a path in the jobs folder for the function to write its file to."""


Result = tuple[str, bytes | Path] | None
KindFunction = Callable[[dict[str, Any], JobContext], Result]


@dataclass(frozen=True)
class JobKind:
    """A registered kind: its name, its function, and how many times a crash is retried."""

    name: str
    run: KindFunction
    retries: int = 0
    label: str | None = None


KINDS: dict[str, JobKind] = {}


def task_kind(
    name: str, *, retries: int = 0, label: str | None = None
) -> Callable[[KindFunction], KindFunction]:
    """Register the decorated function as the job kind `name`.

    `retries`: how many times a run that crashed (not one a rule refused) is tried again.
    `label`: what the job list calls it, a msgid marked with texts.N_ (default: the name).
    """

    def register(function: KindFunction) -> KindFunction:
        KINDS[name] = JobKind(name=name, run=function, retries=retries, label=label)
        return function

    return register


def kind_named(name: str) -> JobKind | None:
    """Return the registered kind called `name`, or None."""
    return KINDS.get(name)


def kind_label(name: str) -> str:
    """Return the msgid naming a kind (translate where shown), or the kind's name."""
    kind = KINDS.get(name)
    return kind.label if kind and kind.label else LABELS.get(name, name)


# Kinds that are no function: the worker's own periodic work, written whole (jobs/periodic.py).
LABELS: dict[str, str] = {}
