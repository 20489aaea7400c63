"""A budget of searches for people, per account, shared by every box that finds them."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import current_app, request
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded
from flask_login import current_user

from volunteer.errors import DomainError
from volunteer.extensions import limiter

F = TypeVar("F", bound=Callable[..., Any])


class TooManySearches(DomainError):
    """The account searched for people more often than SEARCH_RATE_LIMIT allows."""

    code = "too_many_searches"
    status = 429


def _account_key() -> str:
    # The account, not the address: a hospital's desks share one address behind its NAT, and
    # someone digging through the registry would spread the searches over addresses.
    return f"account:{current_user.get_id()}"


def _not_a_search() -> bool:
    return not request.args.get("q", "").strip()


def search_limited(view: F) -> F:
    """Count each search (a GET with `q`) of a logged-in view against its account's budget.

    Place it below login_required. Past the budget the view is refused with TooManySearches,
    which the edge answers as JSON for the scanner and as a page elsewhere.
    """
    limited = limiter.shared_limit(
        lambda: current_app.config["SEARCH_RATE_LIMIT"],
        scope="people-search",
        key_func=_account_key,
        methods=["GET"],
        exempt_when=_not_a_search,
    )(view)

    @functools.wraps(view)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return limited(*args, **kwargs)
        except RateLimitExceeded:
            raise TooManySearches(
                _("查找太频繁，请稍后再试。为保护个人信息，每个账号的查找次数有限制。")
            ) from None

    return cast(F, run)
