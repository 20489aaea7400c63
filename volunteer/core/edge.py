"""The one edge of every request and command: commit once, or roll back and answer a refusal.

Services flush and raise DomainError; they never commit. A view returns normally and its
request's changes are committed here, after the handler and before the response is sent (so a
streamed export starts only once its audit entry is stored). Anything raised rolls the request
back; a DomainError that no view handled becomes a flash or a JSON answer.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast

import click
from flask import (
    Flask,
    current_app,
    flash,
    get_flashed_messages,
    jsonify,
    redirect,
    render_template,
    request,
    session,
)

from volunteer.core.redirects import safe_referrer
from volunteer.errors import DomainError
from volunteer.extensions import db

F = TypeVar("F", bound=Callable[..., Any])


def install(app: Flask) -> None:
    """Commit after every view of `app` and answer refusals; call after the blueprints."""
    for endpoint, view in list(app.view_functions.items()):
        if endpoint != "static":
            app.view_functions[endpoint] = committing(view)
    app.register_error_handler(DomainError, answer_refusal)


def committing(view: F) -> F:
    """Wrap a view: commit what it changed when it returns, roll back when it raises."""

    @functools.wraps(view)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            response = view(*args, **kwargs)
        except BaseException:
            db.session.rollback()
            raise
        try:
            db.session.commit()
        except BaseException:
            db.session.rollback()
            _drop_success_messages()
            raise
        return response

    return cast(F, run)


def _drop_success_messages() -> None:
    """The commit failed: a "saved" message flashed before it would now be a lie."""
    flashed: list[tuple[str, str]] = get_flashed_messages(with_categories=True)  # type: ignore[assignment]
    kept = [(category, text) for category, text in flashed if category != "success"]
    session.pop("_flashes", None)
    for category, message in kept:
        flash(message, category)


def answers_json(view: F) -> F:
    """Mark a view that only ever answers JSON, so its refusals are JSON whatever was posted."""
    view.answers_json = True  # type: ignore[attr-defined]
    return view


def wants_json() -> bool:
    """Whether the caller is a script (a JSON-only view, JSON body, .json path, JSON preferred)."""
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "answers_json", False):
        return True
    if request.is_json or request.path.endswith(".json"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > 0


def answer_refusal(error: DomainError):
    """Turn a refusal no view handled into JSON for scripts, or a flash back on the page."""
    db.session.rollback()
    if wants_json():
        return jsonify(error.as_json()), error.status
    back = safe_referrer()
    if back is not None and request.method != "GET":
        flash(error.message, "error")
        return redirect(back)
    return render_template("errors/error.html", code=error.status, message=error.message), (
        error.status
    )


@contextmanager
def refusal_flashed(prefix: str | None = None) -> Iterator[None]:
    """Let a view go on to its own page when a service refuses: undo the changes, say why.

    Use it where the page should keep what the person typed (a form shown again) or where the
    view knows where to go back to; elsewhere let the error reach answer_refusal().
    """
    try:
        yield
    except DomainError as error:
        db.session.rollback()
        flash(f"{prefix}：{error.message}" if prefix else error.message, "error")


def command_transaction(command: F) -> F:
    """Wrap a CLI command: commit once when it ends, or roll back and exit 1 with the refusal."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            result = command(*args, **kwargs)
        except DomainError as error:
            db.session.rollback()
            raise click.ClickException(error.message) from error
        except BaseException:
            db.session.rollback()
            raise
        db.session.commit()
        return result

    return cast(F, run)
