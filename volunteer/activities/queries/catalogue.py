"""Reads about the service categories and the monthly themes activities are filed under."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from volunteer.activities.models import Category, MonthlyTheme
from volunteer.extensions import db


def categories(*, active_only: bool = False) -> list[Category]:
    """List the categories in their display order."""
    query = select(Category).order_by(Category.sort_order, Category.id)
    if active_only:
        query = query.where(Category.active.is_(True))
    return list(db.session.scalars(query))


def category_named(name: str) -> Category | None:
    """Return the category with exactly this name."""
    return db.session.scalar(select(Category).where(Category.name == name))


def theme_for(day: date) -> MonthlyTheme | None:
    """Return the theme of the month `day` falls in (一月一主题), if the admin set one."""
    return theme_of_month(day.year, day.month)


def theme_of_month(year: int, month: int) -> MonthlyTheme | None:
    """Return the theme set for one month."""
    return db.session.scalar(
        select(MonthlyTheme).where(MonthlyTheme.year == year, MonthlyTheme.month == month)
    )


def themes_of_year(year: int) -> dict[int, MonthlyTheme]:
    """Return the themes of a year by month number."""
    rows = db.session.scalars(select(MonthlyTheme).where(MonthlyTheme.year == year))
    return {theme.month: theme for theme in rows}


def themes_around(day: date) -> list[MonthlyTheme]:
    """List the themes of the year before `day`'s year through the year after, to pick from."""
    return list(
        db.session.scalars(
            select(MonthlyTheme)
            .where(MonthlyTheme.year.between(day.year - 1, day.year + 1))
            .order_by(MonthlyTheme.year, MonthlyTheme.month)
        )
    )
