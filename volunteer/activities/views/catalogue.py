"""Administration of the service categories and monthly themes."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from volunteer.activities.blueprint import bp
from volunteer.activities.forms import CategoryForm, ThemeForm
from volunteer.activities.models import Category
from volunteer.activities.queries import catalogue as queries
from volunteer.activities.services import catalogue as services
from volunteer.auth.models import Role
from volunteer.auth.permissions import role_required
from volunteer.clock import local_today
from volunteer.core.edge import refusal_flashed
from volunteer.extensions import db


@bp.route("/categories", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def categories():
    """List the service categories and add one."""
    form = CategoryForm()
    if form.validate_on_submit():
        with refusal_flashed():
            services.create_category(name=form.name.data, by=current_user)
            flash(_("已新增类别 %(name)s。", name=form.name.data), "success")
            return redirect(url_for(".categories"))
    return render_template("activities/categories.html", form=form, categories=queries.categories())


def _category(category_id: int) -> Category:
    return db.get_or_404(Category, category_id)


@bp.route("/categories/<int:category_id>/rename", methods=["POST"])
@role_required(Role.ADMIN)
def rename_category(category_id: int):
    """Rename a category."""
    category = _category(category_id)
    form = CategoryForm()
    if not form.validate_on_submit():
        flash(_("请填写类别名称。"), "error")
    else:
        with refusal_flashed():
            services.rename_category(category=category, name=form.name.data, by=current_user)
            flash(_("已保存。"), "success")
    return redirect(url_for(".categories"))


@bp.route("/categories/<int:category_id>/move", methods=["POST"])
@role_required(Role.ADMIN)
def move_category(category_id: int):
    """Move a category one place up or down."""
    category = _category(category_id)
    offset = -1 if request.form.get("direction") == "up" else 1
    services.move_category(category=category, offset=offset, by=current_user)
    return redirect(url_for(".categories"))


@bp.route("/categories/<int:category_id>/retire", methods=["POST"])
@role_required(Role.ADMIN)
def retire_category(category_id: int):
    """Stop offering a category for new activities; old activities keep it."""
    category = _category(category_id)
    services.set_category_active(category=category, active=False, by=current_user)
    flash(_("已停用类别 %(name)s。", name=category.name), "success")
    return redirect(url_for(".categories"))


@bp.route("/categories/<int:category_id>/restore", methods=["POST"])
@role_required(Role.ADMIN)
def restore_category(category_id: int):
    """Offer a retired category again."""
    category = _category(category_id)
    services.set_category_active(category=category, active=True, by=current_user)
    flash(_("已恢复类别 %(name)s。", name=category.name), "success")
    return redirect(url_for(".categories"))


@bp.route("/themes")
@role_required(Role.ADMIN)
def themes():
    """Show a year's twelve months with their themes."""
    year = request.args.get("year", local_today().year, type=int)
    if not 2000 <= year <= 2100:
        abort(404)
    return render_template("activities/themes.html", year=year, themes=queries.themes_of_year(year))


@bp.route("/themes/<int:year>/<int:month>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_theme(year: int, month: int):
    """Set or change one month's theme."""
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        abort(404)
    theme = queries.theme_of_month(year, month)
    form = ThemeForm(obj=theme)
    if form.validate_on_submit():
        with refusal_flashed():
            services.set_theme(
                year=year,
                month=month,
                title=form.title.data,
                description=form.description.data,
                by=current_user,
            )
            flash(_("已保存 %(year)d 年 %(month)d 月的主题。", year=year, month=month), "success")
            return redirect(url_for(".themes", year=year))
    return render_template(
        "activities/theme_form.html", form=form, year=year, month=month, theme=theme
    )
