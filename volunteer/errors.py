"""Domain errors raised by services; views turn them into messages, commands into exit codes."""


class DomainError(Exception):
    """A rule of the domain refused the change; the message is shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Conflict(DomainError):
    """The change collides with existing data (a duplicate code, an existing registration)."""
