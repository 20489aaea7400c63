"""Free-text forms of activities, teams, service records and registration, as people fill them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from conftest import local_time
from records_pages_world import forget, serve
from text_world import NEW_PASSWORD, Sent, World, audited_reason, newest

from volunteer.activities.models import (
    Activity,
    Category,
    MonthlyTheme,
    Project,
    Team,
    TeamKind,
    TeamMember,
)
from volunteer.clock import utc_now
from volunteer.people.models import StaffMember
from volunteer.records.models import Correction, ServiceRecord
from volunteer.records.services import corrections, entries
from volunteer.registration.models import Registration
from volunteer.registration.services import self_registration
from volunteer.teams import services as team_services

# --- Activities, categories and themes ----------------------------------------------------------


def activity_form(w: World, **changes) -> dict:
    start = (utc_now() + timedelta(days=10)).replace(second=0, microsecond=0)
    local = start.astimezone(local_time(2026, 1, 1, 0, 0).tzinfo)
    data = {
        "title": "社区义诊",
        "category_id": "1",
        "theme": "auto",
        "unit_id": str(w.org["a1"].id),
        "team_id": "",
        "project_id": "",
        "place": "幸福社区服务中心",
        "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (local + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "",
        "description": "测血压、测血糖",
        "contact": "王医生 13800000000",
    }
    return data | changes


def _new_activity(name: str) -> Callable[[World, str], Sent]:
    def sent(w: World, text: str) -> Sent:
        return Sent(
            w.coordinator,
            "/activities/new",
            activity_form(w, **{name: text}),
            stored=lambda: getattr(newest(Activity), name),
            page=lambda: f"/activities/{newest(Activity, Activity.id)}",
        )

    sent.__name__ = f"activity_{name}"
    return sent


def activity_title_changed(w: World, text: str) -> Sent:
    activity = w.later()
    return Sent(
        w.coordinator,
        f"/activities/{activity.id}/edit",
        activity_form(w, title=text, theme="none"),  # "auto" is offered to new activities only
        stored=lambda: w.db.session.get(Activity, activity.id).title,
        page=lambda: "/activities",
    )


def activity_cancel_reason(w: World, text: str) -> Sent:
    activity = w.later()
    return Sent(
        w.coordinator,
        f"/activities/{activity.id}/cancel",
        {"reason": text},
        stored=lambda: w.db.session.get(Activity, activity.id).cancel_reason,
        page=lambda: f"/activities/{activity.id}",
    )


def category_name(w: World, text: str) -> Sent:
    return Sent(
        w.admin,
        "/categories",
        {"name": text},
        stored=lambda: newest(Category, Category.name),
        page=lambda: "/categories",
    )


def _theme(name: str) -> Callable[[World, str], Sent]:
    def sent(w: World, text: str) -> Sent:
        return Sent(
            w.admin,
            "/themes/2031/3",
            {"title": "学雷锋月", "description": "", name: text},
            stored=lambda: getattr(newest(MonthlyTheme), name),
            page=lambda: "/themes?year=2031",
        )

    sent.__name__ = f"theme_{name}"
    return sent


# --- Teams and projects -------------------------------------------------------------------------


def _new_team(name: str) -> Callable[[World, str], Sent]:
    def sent(w: World, text: str) -> Sent:
        data = {"name": "青年突击队", "kind": "youth", "unit_id": str(w.org["a1"].id)}
        return Sent(
            w.coordinator,
            "/teams/new",
            data | {"description": "", name: text},
            stored=lambda: getattr(newest(Team), name),
            page=lambda: f"/teams/{newest(Team, Team.id)}",
        )

    sent.__name__ = f"team_{name}"
    return sent


def _new_project(name: str) -> Callable[[World, str], Sent]:
    def sent(w: World, text: str) -> Sent:
        data = {"name": "慢病随访", "unit_id": str(w.org["a1"].id), "description": ""}
        return Sent(
            w.coordinator,
            "/projects/new",
            data | {name: text},
            stored=lambda: getattr(newest(Project), name),
            page=lambda: f"/projects/{newest(Project, Project.id)}",
        )

    sent.__name__ = f"project_{name}"
    return sent


def _team(w: World) -> Team:
    team = team_services.create_team(
        name="应急医疗队",
        kind=TeamKind.EMERGENCY_MEDICAL,
        unit=w.org["a"],
        description=None,
        by=None,
    )
    w.commit()
    return team


def team_member_skills(w: World, text: str) -> Sent:
    team = _team(w)
    return Sent(
        w.coordinator,
        f"/teams/{team.id}/members/add",
        {"account_id": str(w.volunteer.id), "skills": text},
        stored=lambda: newest(TeamMember, TeamMember.skills),
        page=lambda: f"/teams/{team.id}/callout",
    )


def team_disband_reason(w: World, text: str) -> Sent:
    team = _team(w)
    return Sent(
        w.coordinator,
        f"/teams/{team.id}/disband",
        {"reason": text},
        stored=audited_reason("team.disband"),
        page=lambda: "/audit",
        reader=w.admin,
    )


def project_close_reason(w: World, text: str) -> Sent:
    project = team_services.create_project(
        name="慢病随访", unit=w.org["a"], description=None, by=None
    )
    w.commit()
    return Sent(
        w.coordinator,
        f"/projects/{project.id}/close",
        {"reason": text},
        stored=audited_reason("project.close"),
        page=lambda: "/audit",
        reader=w.admin,
    )


# --- Service records: review, voids, forgotten sign-outs, make-ups, corrections -----------------


def _served(w: World) -> ServiceRecord:
    return serve(
        w.db,
        w.volunteer,
        w.morning,
        local_time(2026, 11, 10, 9, 0),
        local_time(2026, 11, 10, 11, 0),
    )


def _made_up(w: World) -> ServiceRecord:
    record = entries.enter_make_up(
        account=w.volunteer,
        activity=w.morning,
        begin=local_time(2026, 11, 10, 9, 0),
        end=local_time(2026, 11, 10, 11, 0),
        reason="忘记扫码",
        evidence_note="签到表",
        by=w.coordinator,
    )
    w.commit()
    return record


def record_reject_reason(w: World, text: str) -> Sent:
    record = _made_up(w)
    return Sent(
        w.manager,
        "/records/review/reject",
        {"record_ids": [record.id], "reason": text},
        stored=lambda: w.db.session.get(ServiceRecord, record.id).status_reason,
        page=lambda: "/me/records?year=2026",
        reader=w.volunteer,
    )


def record_void_reason(w: World, text: str) -> Sent:
    record = _served(w)
    return Sent(
        w.coordinator,
        f"/records/{record.id}/void",
        {"reason": text},
        stored=lambda: w.db.session.get(ServiceRecord, record.id).status_reason,
        page=lambda: f"/activities/{w.morning.id}/records",
    )


def forgotten_sign_out_reason(w: World, text: str) -> Sent:
    record = forget(w.db, w.volunteer, w.morning, local_time(2026, 11, 10, 9, 0))
    return Sent(
        w.coordinator,
        f"/records/{record.id}/sign-out",
        {"signed_out_at": "2026-11-10T11:00", "reason": text},
        stored=lambda: w.db.session.get(ServiceRecord, record.id).note,
        page=lambda: f"/records/{record.id}",
    )


def _make_up(name: str, line: int) -> Callable[[World, str], Sent]:
    def sent(w: World, text: str) -> Sent:
        data = {
            "account_id": w.volunteer.id,
            "begin": "2026-11-10T09:00",
            "end": "2026-11-10T11:00",
            "reason": "手机没电",
            "evidence_note": "签到表",
        }
        return Sent(
            w.coordinator,
            f"/activities/{w.morning.id}/make-up",
            data | {name: text},
            # The record's note holds the reason, then the evidence, one a line.
            stored=lambda: newest(ServiceRecord, ServiceRecord.note).split("\n")[line],
            page=lambda: "/records/review",
            reader=w.manager,
        )

    sent.__name__ = f"make_up_{name}"
    return sent


def correction_message(w: World, text: str) -> Sent:
    record = _served(w)
    return Sent(
        w.volunteer,
        f"/me/records/{record.id}/correction",
        {"message": text, "begin": "2026-11-10T09:00", "end": "2026-11-10T11:30"},
        stored=lambda: newest(Correction, Correction.message),
        page=lambda: "/corrections",
        reader=w.manager,
    )


def missing_record_message(w: World, text: str) -> Sent:
    data = {
        "activity_number": w.morning.number,
        "begin": "2026-11-10T09:00",
        "end": "2026-11-10T11:00",
        "message": text,
    }
    return Sent(
        w.volunteer,
        "/me/records/missing",
        data,
        stored=lambda: newest(Correction, Correction.message),
        page=lambda: "/corrections",
        reader=w.manager,
    )


def _correction_answer(verb: str) -> Callable[[World, str], Sent]:
    def sent(w: World, text: str) -> Sent:
        correction = corrections.request_correction(
            account=w.volunteer,
            record=_served(w),
            message="我 11:30 才离开",
            begin=local_time(2026, 11, 10, 9, 0),
            end=local_time(2026, 11, 10, 11, 30),
        )
        w.commit()
        return Sent(
            w.manager,
            f"/corrections/{correction.id}/{verb}",
            {"reason": text},
            stored=lambda: w.db.session.get(Correction, correction.id).resolution_reason,
            page=lambda: "/me/records?year=2026",
            reader=w.volunteer,
        )

    sent.__name__ = f"correction_{verb}_reason"
    return sent


# --- Registration -------------------------------------------------------------------------------


def registration_affiliation(w: World, text: str) -> Sent:
    data = {
        "kind": "external",
        "name": "赵六",
        "staff_no": "",
        "affiliation": text,
        "phone": "13800000009",
        "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
        "consent": "y",
    }
    return Sent(
        None,
        "/r/H-A",
        data,
        stored=lambda: newest(Registration, Registration.external_affiliation),
        page=lambda: "/me",
    )


def _pending(w: World) -> Registration:
    registration = self_registration.register_volunteer(
        unit=w.org["a"],
        name="王晓明",
        staff_no="000777",
        phone="13700000001",
        password=NEW_PASSWORD,
        actor=None,
    )
    w.commit()
    return registration


def registration_approve_note(w: World, text: str) -> Sent:
    staff = StaffMember(unit=w.org["a1"], name="王小明", staff_no="000777", phone="13700000001")
    w.db.session.add(staff)
    w.commit()
    registration = _pending(w)
    return Sent(
        w.manager,
        f"/registrations/{registration.id}/approve",
        {"staff_id": staff.id, "reason": text},
        stored=lambda: w.db.session.get(Registration, registration.id).resolution_reason,
        page=lambda: "/audit",
        reader=w.admin,
    )


def registration_reject_reason(w: World, text: str) -> Sent:
    registration = _pending(w)
    return Sent(
        w.manager,
        f"/registrations/{registration.id}/reject",
        {"reason": text},
        stored=lambda: w.db.session.get(Registration, registration.id).resolution_reason,
        page=lambda: "/audit",
        reader=w.admin,
    )
