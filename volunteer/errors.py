"""Domain errors raised by services; the edge (core/edge.py) turns them into answers."""

from typing import Any


class DomainError(Exception):
    """A rule of the domain refused the change.

    `message` is already in the reader's language; `code` names the refusal for machines (the
    JSON answer, tests) and `params` are the values the message was built from.
    """

    code = "refused"
    status = 422

    def __init__(self, message: str, *, code: str | None = None, **params: Any):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.params = params

    def as_json(self) -> dict[str, Any]:
        """Return the JSON answer a script or the scanner receives."""
        answer: dict[str, Any] = {"ok": False, "error": self.code, "message": self.message}
        if self.params:
            answer["params"] = {key: str(value) for key, value in self.params.items()}
        return answer


class Conflict(DomainError):
    """The change collides with existing data (a duplicate code, an existing registration)."""

    code = "conflict"
    status = 409
