"""The staff roster: a unit subtree's list and search, a person's page, and managers' changes."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from volunteer.auth.models import Role
from volunteer.auth.permissions import can, require
from volunteer.clock import local_today
from volunteer.core.edge import refusal_flashed
from volunteer.core.pagination import paginate
from volunteer.extensions import db
from volunteer.people import queries
from volunteer.people.blueprint import bp
from volunteer.people.forms import EditStaffForm, LeaveForm, StaffForm, TransferForm
from volunteer.people.models import EmploymentStatus, StaffMember
from volunteer.people.services import roster as roster_services
from volunteer.people.services.transfers import transfer_staff_member
from volunteer.registration.queries import registration_of_staff
from volunteer.units.models import Unit
from volunteer.units.queries import codes_in_scope, lineage, subtree_units, unit_by_code


def _person(staff_id: int, role: Role) -> StaffMember:
    """Load a staff member and stop with 403 unless the user holds `role` over their unit."""
    person = db.get_or_404(StaffMember, staff_id)
    require(role, person.unit)
    return person


@bp.route("/units/<int:unit_id>/staff")
@login_required
def roster(unit_id: int):
    """List and search the staff of a unit's whole subtree, a page at a time."""
    unit = db.get_or_404(Unit, unit_id)
    require(Role.COORDINATOR, unit)
    search = request.args.get("q", "").strip()[:50]
    status = request.args.get("status", "active")
    if status not in queries.STATUS_FILTERS:
        status = "active"
    registration = request.args.get("registration", "any")
    if registration not in queries.REGISTRATION_FILTERS:
        registration = "any"
    page = paginate(queries.roster(unit, search=search, status=status, registration=registration))
    counts = queries.status_counts(unit, search=search)
    return render_template(
        "people/roster.html",
        unit=unit,
        lineage=lineage(unit),
        page=page,
        search=search,
        status=status,
        status_tabs=[*((s.value, _(s.label)) for s in EmploymentStatus), ("all", _("全部"))],
        registration=registration,
        registered_on=queries.registered_on(page.items),
        counts=counts,
        # Unsearched, the count of 在职 is the headcount itself; a search narrows only the tabs.
        in_service=counts["active"] if not search else queries.in_service_count(unit),
        registered=queries.registered_count(unit),
        may_manage=can(current_user, Role.MANAGER, unit),
    )


@bp.route("/units/<int:unit_id>/staff/new", methods=["GET", "POST"])
@login_required
def add(unit_id: int):
    """Add a person in service to a unit of the manager's subtree."""
    unit = db.get_or_404(Unit, unit_id)
    require(Role.MANAGER, unit)
    if unit.is_retired:
        flash(_("单位已撤销，不能新增职工。"), "error")
        return redirect(url_for("people.roster", unit_id=unit.id))
    form = StaffForm(unit_id=unit.id)
    form.unit_id.choices = [
        SelectChoice(u.id, _("%(name)s（%(code)s）", name=u.name, code=u.code))
        for u in subtree_units(unit)
    ]
    if form.validate_on_submit():
        # The choices hold only live units of the subtree, so the unit exists.
        target = db.get_or_404(Unit, form.unit_id.data)
        require(Role.MANAGER, target)
        with refusal_flashed():
            person = roster_services.add_staff_member(
                unit=target, **form.fields_for_service(), actor=current_user
            )
            flash(_("已添加 %(name)s。", name=person.name), "success")
            return redirect(url_for("people.detail", staff_id=person.id))
    return render_template("people/form.html", form=form, lineage=lineage(unit), person=None)


@bp.route("/staff/<int:staff_id>")
@login_required
def detail(staff_id: int):
    """Show a person: details with the ID number masked, transfers and registration."""
    person = _person(staff_id, Role.COORDINATOR)
    return render_template(
        "people/detail.html",
        person=person,
        lineage=lineage(person.unit),
        transfers=queries.transfer_history(person),
        registration=registration_of_staff(person),
        may_manage=can(current_user, Role.MANAGER, person.unit),
    )


@bp.route("/staff/<int:staff_id>/edit", methods=["GET", "POST"])
@login_required
def edit(staff_id: int):
    """Correct a person's details, or reinstate someone who left by setting 在职."""
    person = _person(staff_id, Role.MANAGER)
    form = EditStaffForm(person=person)
    if form.validate_on_submit():
        with refusal_flashed():
            changed = roster_services.update_staff_member(
                person=person,
                changes=form.changes_for_service(),
                reason=form.reason.data or None,
                actor=current_user,
            )
            flash(_("已保存。") if changed else _("没有修改。"), "success" if changed else "info")
            return redirect(url_for("people.detail", staff_id=person.id))
    return render_template(
        "people/form.html", form=form, lineage=lineage(person.unit), person=person
    )


@bp.route("/staff/<int:staff_id>/leave", methods=["GET", "POST"])
@login_required
def leave(staff_id: int):
    """Mark a person as left or retired from a date; they stay on the roster as history."""
    person = _person(staff_id, Role.MANAGER)
    form = LeaveForm(left_on=local_today())
    if form.validate_on_submit():
        with refusal_flashed():
            roster_services.mark_left(
                person=person,
                on=form.left_on.data,
                status=EmploymentStatus(form.status.data),
                reason=form.reason.data or None,
                actor=current_user,
            )
            flash(_("已登记 %(name)s 不再在职。", name=person.name), "success")
            return redirect(url_for("people.detail", staff_id=person.id))
    return render_template(
        "people/leave.html", form=form, person=person, lineage=lineage(person.unit)
    )


@bp.route("/staff/<int:staff_id>/transfer", methods=["GET", "POST"])
@login_required
def transfer(staff_id: int):
    """Move a person to another unit of the manager's subtree from a date."""
    person = _person(staff_id, Role.MANAGER)
    form = TransferForm(effective_on=local_today())
    if form.validate_on_submit():
        target = unit_by_code(form.unit_code.data)
        if target is None:
            form.unit_code.errors.append(_("单位编码不存在。"))
        else:
            require(Role.MANAGER, target)
            with refusal_flashed():
                transfer_staff_member(
                    person=person,
                    to_unit=target,
                    effective_on=form.effective_on.data,
                    reason=form.reason.data or None,
                    actor=current_user,
                )
                flash(_("已调入 %(name)s。", name=target.name), "success")
                return redirect(url_for("people.detail", staff_id=person.id))
    targets = codes_in_scope(current_user, Role.MANAGER)
    return render_template(
        "people/transfer.html",
        form=form,
        person=person,
        lineage=lineage(person.unit),
        targets=targets,
    )
