"""The unit tree: everyone's landing overview, a unit's page, and the administrators' changes."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.auth.models import Role
from volunteer.auth.permissions import require, role_required
from volunteer.clock import local_today
from volunteer.core.edge import refusal_flashed
from volunteer.extensions import db
from volunteer.people.queries import in_service_count
from volunteer.units import services
from volunteer.units.blueprint import bp
from volunteer.units.forms import CreateUnitForm, EditUnitForm, MoveUnitForm, RetireUnitForm
from volunteer.units.models import Unit, UnitKind
from volunteer.units.queries import (
    children_with_headcount,
    codes_in_scope,
    lineage,
    live_children_count,
    scope_tree,
    unit_by_code,
)


def _unit(unit_id: int, role: Role) -> Unit:
    """Load a unit and stop with 403 unless the user holds `role` over it."""
    unit = db.get_or_404(Unit, unit_id)
    require(role, unit)
    return unit


def _parent_in_scope(code: str) -> Unit | None:
    """Find the parent an administrator typed; 403 when it lies outside their subtree."""
    parent = unit_by_code(code)
    if parent is not None:
        require(Role.ADMIN, parent)
    return parent


@bp.route("/units")
@role_required(Role.COORDINATOR)
def overview():
    """Show the tree of the units in the user's scope, each with its staff in service."""
    include_retired = request.args.get("retired") == "1"
    tree = scope_tree(current_user, Role.COORDINATOR, include_retired=include_retired)
    return render_template("units/overview.html", tree=tree, include_retired=include_retired)


@bp.route("/units/<int:unit_id>")
@login_required
def detail(unit_id: int):
    """Show a unit: its details, its sub-units with headcounts, and links to its roster."""
    unit = _unit(unit_id, Role.COORDINATOR)
    return render_template(
        "units/detail.html",
        unit=unit,
        lineage=lineage(unit),
        in_service=in_service_count(unit),
        children=children_with_headcount(unit),
    )


@bp.route("/units/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def create():
    """Add a unit under a parent in the administrator's subtree."""
    form = CreateUnitForm(kind=str(UnitKind.DEPARTMENT))
    if request.method == "GET" and request.args.get("parent"):
        form.parent_code.data = request.args["parent"]
    if form.validate_on_submit():
        parent = _parent_in_scope(form.parent_code.data)
        if parent is None:
            form.parent_code.errors.append(_("单位编码不存在。"))
        else:
            with refusal_flashed():
                unit = services.create_unit(
                    code=form.code.data,
                    name=form.name.data,
                    kind=UnitKind(form.kind.data),
                    parent=parent,
                    actor=current_user,
                )
                flash(_("已新增 %(name)s。", name=unit.name), "success")
                return redirect(url_for("units.detail", unit_id=unit.id))
    return render_template(
        "units/create.html", form=form, targets=codes_in_scope(current_user, Role.ADMIN)
    )


@bp.route("/units/<int:unit_id>/edit", methods=["GET", "POST"])
@login_required
def edit(unit_id: int):
    """Rename a unit or change its kind."""
    unit = _unit(unit_id, Role.ADMIN)
    form = EditUnitForm(obj=unit)
    if form.validate_on_submit():
        if services.update_unit(
            unit=unit, name=form.name.data, kind=UnitKind(form.kind.data), actor=current_user
        ):
            flash(_("已保存。"), "success")
        return redirect(url_for("units.detail", unit_id=unit.id))
    return render_template("units/edit.html", form=form, unit=unit, lineage=lineage(unit))


@bp.route("/units/<int:unit_id>/move", methods=["GET", "POST"])
@login_required
def move(unit_id: int):
    """Hang a unit and its subtree under another parent in the administrator's subtree."""
    unit = _unit(unit_id, Role.ADMIN)
    form = MoveUnitForm()
    if form.validate_on_submit():
        parent = _parent_in_scope(form.parent_code.data)
        if parent is None:
            form.parent_code.errors.append(_("单位编码不存在。"))
        else:
            with refusal_flashed():
                services.move_unit(
                    unit=unit,
                    new_parent=parent,
                    reason=form.reason.data or None,
                    actor=current_user,
                )
                flash(_("已移动到 %(name)s 之下。", name=parent.name), "success")
                return redirect(url_for("units.detail", unit_id=unit_id))
    targets = codes_in_scope(current_user, Role.ADMIN, exclude_below=unit)
    return render_template(
        "units/move.html", form=form, unit=unit, lineage=lineage(unit), targets=targets
    )


@bp.route("/units/<int:unit_id>/retire", methods=["GET", "POST"])
@login_required
def retire(unit_id: int):
    """Retire a unit that no longer has live sub-units or staff in service."""
    unit = _unit(unit_id, Role.ADMIN)
    form = RetireUnitForm(retired_on=local_today())
    if form.validate_on_submit():
        with refusal_flashed():
            services.retire_unit(
                unit=unit,
                on=form.retired_on.data,
                reason=form.reason.data or None,
                actor=current_user,
            )
            flash(_("已撤销 %(name)s。", name=unit.name), "success")
            return redirect(url_for("units.detail", unit_id=unit.id))
    return render_template(
        "units/retire.html",
        form=form,
        unit=unit,
        lineage=lineage(unit),
        live_children=live_children_count(unit),
        in_service=in_service_count(unit),
    )
