"""Page through a Select with the request's ?page= argument."""

from typing import Any

from flask import current_app, request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from volunteer.extensions import db


def paginate(query: Select[Any], per_page: int | None = None) -> Pagination:
    """Return one page of `query`; an out-of-range page number gives an empty page, not a 404."""
    return db.paginate(
        query,
        page=request.args.get("page", 1, type=int),
        per_page=per_page or current_app.config["ROSTER_PAGE_SIZE"],
        max_per_page=200,
        error_out=False,
    )
