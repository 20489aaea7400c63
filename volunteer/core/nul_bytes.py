"""Refuse a request carrying a NUL character before any view, form or query sees it.

No field, address or search has a use for NUL, and PostgreSQL cannot store one: a NUL that
reached a query failed there, as a 500 that wrote the raw input into the error log. One check
for the whole app, before every other: the path (where %00 arrives decoded), the query string,
the form fields and file names, and a JSON body. The answer names no input and logs none.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from flask import Flask, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from volunteer.core.edge import wants_json

NUL = "\x00"


def install(app: Flask) -> None:
    """Check every request of `app` for NUL; install before the extensions, so it runs first."""
    app.before_request(refuse_nul)


def refuse_nul() -> ResponseReturnValue | None:
    """Answer 400 to a request with a NUL anywhere in what it submits; let others through."""
    where = _where_nul()
    if where is None:
        return None
    # Where, never what: the input stays out of the log.
    current_app.logger.info("Refused a request with a NUL character in its %s.", where)
    message = _("提交的内容包含无效字符（NUL），请检查后重试。")
    if wants_json():
        return jsonify({"ok": False, "error": "nul_character", "message": message}), 400
    return render_template("errors/error.html", code=400, message=message), 400


def _where_nul() -> str | None:
    """Name the part of the request that carries a NUL, or None when none does."""
    if NUL in request.path:
        return "path"
    if _any_nul(_pairs(request.args.items(multi=True))):
        return "query string"
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        if _any_nul(_pairs(request.form.items(multi=True))):
            return "form"
        names = (file.filename or "" for _field, file in request.files.items(multi=True))
        if _any_nul([*request.files.keys(), *names]):
            return "file name"
        if request.is_json and _any_nul(_json_strings()):
            return "JSON body"
    return None


def _pairs(items: Iterable[tuple[str, str]]) -> Iterator[str]:
    for key, value in items:
        yield key
        yield value


def _any_nul(texts: Iterable[str]) -> bool:
    return any(NUL in text for text in texts)


def _json_strings() -> Iterator[str]:
    """Yield every string of the JSON body, keys included, without recursion."""
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # nested too deep to parse: the view refuses it as it stands
        return
    pending = [body]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
