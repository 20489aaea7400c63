"""Writes for the service categories and the monthly themes activities are filed under.

Every function flushes and audits; the caller commits once. Only administrators reach these.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from volunteer.activities.models import Category, MonthlyTheme
from volunteer.activities.queries.catalogue import category_named, theme_of_month
from volunteer.activities.services.audit import audit
from volunteer.audit.services import snapshot
from volunteer.auth.models import Account
from volunteer.errors import Conflict, DomainError
from volunteer.extensions import db

CATEGORY_FIELDS = ["name", "sort_order", "active"]
THEME_FIELDS = ["year", "month", "title", "description"]


# Categories ---------------------------------------------------------------------------------


def _check_category_name(name: str, *, other_than: Category | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise DomainError(_("请填写类别名称。"))
    existing = category_named(name)
    if existing is not None and existing is not other_than:
        raise Conflict(_("已有名为“%(name)s”的类别，请换一个名称。", name=name))
    return name


def create_category(*, name: str, by: Account | None) -> Category:
    """Add a category at the end of the list."""
    name = _check_category_name(name)
    last = db.session.scalar(select(func.max(Category.sort_order))) or 0
    category = Category(name=name, sort_order=last + 1, active=True)
    db.session.add(category)
    db.session.flush()
    audit(category, "category", "category.create", CATEGORY_FIELDS, by=by)
    return category


def rename_category(*, category: Category, name: str, by: Account | None) -> None:
    """Rename a category; its activities keep it under the new name."""
    name = _check_category_name(name, other_than=category)
    if name == category.name:
        return
    before = snapshot(category, CATEGORY_FIELDS)
    category.name = name
    db.session.flush()
    audit(category, "category", "category.rename", CATEGORY_FIELDS, before=before, by=by)


def move_category(*, category: Category, offset: int, by: Account | None) -> None:
    """Move a category one place up (offset -1) or down (+1) in the list."""
    ordered = list(db.session.scalars(select(Category).order_by(Category.sort_order, Category.id)))
    index = ordered.index(category)
    target = index + offset
    if offset not in (-1, 1) or not 0 <= target < len(ordered):
        return
    before = snapshot(category, CATEGORY_FIELDS)
    ordered[index], ordered[target] = ordered[target], ordered[index]
    # Renumber all: seeded or equal sort orders would otherwise make a swap a no-op.
    for position, item in enumerate(ordered, start=1):
        item.sort_order = position
    db.session.flush()
    audit(category, "category", "category.move", CATEGORY_FIELDS, before=before, by=by)


def set_category_active(*, category: Category, active: bool, by: Account | None) -> None:
    """Retire a category (no longer offered for new activities) or restore it."""
    if category.active == active:
        return
    before = snapshot(category, CATEGORY_FIELDS)
    category.active = active
    db.session.flush()
    action = "category.restore" if active else "category.retire"
    audit(category, "category", action, CATEGORY_FIELDS, before=before, by=by)


# Monthly themes -----------------------------------------------------------------------------


def set_theme(
    *, year: int, month: int, title: str, description: str | None, by: Account | None
) -> MonthlyTheme:
    """Set or change the theme of one month (一月一主题)."""
    if not 1 <= month <= 12:
        raise DomainError(_("月份不正确。"))
    title = (title or "").strip()
    if not title:
        raise DomainError(_("请填写主题。"))
    theme = theme_of_month(year, month)
    if theme is None:
        theme = MonthlyTheme(year=year, month=month, title=title, description=description or None)
        db.session.add(theme)
        db.session.flush()
        audit(theme, "theme", "theme.create", THEME_FIELDS, by=by)
        return theme
    before = snapshot(theme, THEME_FIELDS)
    theme.title, theme.description = title, description or None
    db.session.flush()
    audit(theme, "theme", "theme.update", THEME_FIELDS, before=before, by=by)
    return theme
