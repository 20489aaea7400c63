"""Demo service records in every state, made through the services, on the demo activities.

load_service_demo adds the teams, projects and activities (demo.activities), the routine weeks
since 1 January (demo.year), then the past three months' stories: it signs people in and out,
leaves sign-outs forgotten, enters make-ups, a void and a correction request, and starts the
activity running now (demo.today).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select

from volunteer.activities.models import Activity
from volunteer.auth.models import Account
from volunteer.clock import local_day
from volunteer.demo.activities import (
    Cast,
    find_account,
    make_activity,
    make_projects,
    make_teams,
    set_themes,
    sign_up,
    volunteer_accounts,
)
from volunteer.demo.plans import FUTURE, PARTY, PAST, Plan
from volunteer.demo.today import ensure_running_activity
from volunteer.demo.year import Advance, add_year_of_service
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.records import services as records
from volunteer.records.models import RecordSource, RecordStatus, ServiceRecord
from volunteer.records.services import corrections, entries, review


def load_service_demo(
    rng: random.Random, volunteer: Account, now: datetime, advance: Advance
) -> None:
    """Add teams, projects, a year of activities, sign-ups and records in every state."""
    cast = Cast(
        admin=find_account("admin"),
        manager=find_account("manager"),
        coordinator=find_account("coordinator"),
        volunteer=volunteer,
        by_hospital=volunteer_accounts(rng, volunteer),
    )
    today = local_day(now)
    set_themes(today)
    teams = make_teams(cast, rng)
    projects = make_projects()
    # The routine weeks leave the stories' days to the stories, so no rule refuses them.
    story_days = {today + timedelta(days=plan.days) for plan in PAST}
    add_year_of_service(cast, rng, today, story_days, projects, advance)
    past = [make_activity(plan, today, teams, projects, cast) for plan in PAST]
    for plan, activity in zip(PAST, past, strict=True):
        _serve(plan, activity, cast, rng)
    _exceptions(past, cast)
    ensure_running_activity(now)
    for plan in FUTURE:
        activity = make_activity(plan, today, teams, projects, cast)
        sign_up(plan, activity, cast, rng)
    records.close_forgotten_sign_outs(now)


# --- Service -----------------------------------------------------------------------------------


def _serve(plan: Plan, activity: Activity, cast: Cast, rng: random.Random) -> None:
    """Sign a sample of the hospital's volunteers in and out, at times near start and end."""
    pool = cast.by_hospital[plan.hospital]
    if plan.team and activity.team is not None:
        pool = [member.account for member in activity.team.members] or pool
    people = rng.sample(pool, min(plan.people, len(pool)))
    if plan.hospital == "SY01" and cast.volunteer not in people and plan.team != PARTY:
        people[0] = cast.volunteer
    by = cast.coordinator if plan.source == RecordSource.COORDINATOR_SCAN else None
    forgotten = plan.title == "文明交通劝导"
    for n, account in enumerate(people):
        begin = activity.starts_at + timedelta(minutes=rng.randint(-10, 10))
        end = activity.ends_at - timedelta(minutes=rng.randint(0, 20))
        if plan.hours > 8 and n >= 2:
            # A full training day for two; the others come for the afternoon.
            begin = activity.starts_at + timedelta(hours=4)
        try:
            records.record_sign_in(
                account=account, activity=activity, source=plan.source, by=by, at=begin
            )
            if forgotten and n < 2:
                continue  # nobody signs them out: the forgotten sign-outs waiting for review
            records.record_sign_out(account=account, activity=activity, by=by, at=end)
        except DomainError:
            continue  # a rule refused this session (an overlap): the demo just skips it


def _exceptions(past: list[Activity], cast: Cast) -> None:
    """Make-ups approved, waiting and rejected, a voided record and a correction request."""
    guide, elderly, blood = past[6], past[7], past[8]
    sy01, zy02 = cast.by_hospital["SY01"], cast.by_hospital["ZY02"]
    absent = next(a for a in sy01 if not _served(a, guide))
    entries.enter_make_up(
        account=absent,
        activity=guide,
        begin=guide.starts_at,
        end=guide.starts_at + timedelta(hours=2),
        reason="手机没电，未能扫码签到",
        evidence_note="纸质签到表第 3 行有本人签名",
        by=cast.coordinator,
    )
    # The same sheet a month earlier: the manager checked it and approved the hours.
    earlier = past[3]
    forgot = next(a for a in sy01 if not _served(a, earlier))
    approved = entries.enter_make_up(
        account=forgot,
        activity=earlier,
        begin=earlier.starts_at,
        end=earlier.ends_at,
        reason="到岗后忘记扫码签到",
        evidence_note="纸质签到表第 5 行有本人签名",
        by=cast.coordinator,
    )
    review.approve_records([approved], by=cast.manager)
    other = next(a for a in zy02 if not _served(a, elderly))
    wrong = entries.enter_make_up(
        account=other,
        activity=elderly,
        begin=elderly.starts_at,
        end=elderly.ends_at,
        reason="忘记签到",
        evidence_note="同事可以证明",
        by=cast.admin,
    )
    review.reject_records([wrong], by=cast.admin, reason="签到表上没有本人签名，请补充证明。")
    voided = db.session.scalar(
        select(ServiceRecord)
        .where(ServiceRecord.activity_id == blood.id, ServiceRecord.status == RecordStatus.APPROVED)
        .order_by(ServiceRecord.id)
    )
    if voided is not None:
        review.void_record(voided, by=cast.admin, reason="重复登记：本人当天实际在门诊值班。")
    mine = db.session.scalar(
        select(ServiceRecord)
        .where(
            ServiceRecord.account_id == cast.volunteer.id,
            ServiceRecord.status == RecordStatus.APPROVED,
        )
        .order_by(ServiceRecord.signed_in_at.desc())
    )
    if mine is not None:
        corrections.request_correction(
            account=cast.volunteer,
            record=mine,
            message="签退时扫码失败，实际服务到活动结束。",
            begin=mine.signed_in_at,
            end=mine.activity.ends_at,
        )


def _served(account: Account, activity: Activity) -> bool:
    return bool(
        db.session.scalar(
            select(ServiceRecord.id).where(
                ServiceRecord.account_id == account.id,
                ServiceRecord.activity_id == activity.id,
            )
        )
    )
