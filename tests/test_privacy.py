"""My data (personal-information protection law, art. 45): a person sees everything the registry
holds about them on one page, ID number masked, and nothing about anyone else."""

from __future__ import annotations

import re

import pytest
from privacy_world import ID_NUMBER, serve_more, world_fixture  # noqa: F401
from statements import sent_statements

from volunteer.audit.queries.names import LOOKUPS
from volunteer.auth.models import Role
from volunteer.core.masking import mask_id_card
from volunteer.privacy.contents import SECTIONS
from volunteer.privacy.queries.person import Person
from volunteer.privacy.reading import PAGE_ROWS, counts_of, page_parts
from volunteer.scanner.models import VolunteerCode

# What 王小明 has of each kind: one roster entry, one move, two records (a scan and a make-up
# with its photo), one correction, one sign-up, one team, a phone code and a revoked badge.
EXPECTED_COUNTS = {
    "roster": 1,
    "transfers": 1,
    "registrations": 1,
    "account": 1,
    "devices": 1,
    "year_hours": 1,
    "records": 2,
    "attachments": 1,
    "corrections": 1,
    "signups": 1,
    "teams": 1,
    "codes": 2,
}


def _page(client, login_as, account) -> str:
    login_as(account)
    response = client.get("/me/data")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _section(page: str, key: str) -> str:
    """Return the HTML of one section of the page."""
    match = re.search(rf'<section class="card privacy-part" id="{key}".*?</section>', page, re.S)
    assert match, f"no section {key}"
    return match.group(0)


def test_every_kind_of_data_is_counted_for_its_owner(world):
    counts = counts_of(Person.of(world["a"]))
    assert {key: counts[key] for key in EXPECTED_COUNTS} == EXPECTED_COUNTS
    assert counts["roles"] >= 1
    # Sign-in, sign-out, make-up, correction asked and refused, sign-up, team, codes, transfer…
    assert counts["history"] >= 10
    assert set(counts) == {section.key for section in SECTIONS}


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.key)
def test_the_page_shows_every_section_with_its_count(client, login_as, world, section):
    page = _page(client, login_as, world["a"])
    part = _section(page, section.key)
    count = counts_of(Person.of(world["a"]))[section.key]
    assert count > 0
    assert section.title in part
    assert f"{count} 条" in part
    # The first rows are shown, with the section's own headers.
    assert section.fields[0].header in part
    assert "本系统没有保存这类信息" not in part


def test_the_page_shows_the_values_of_each_kind(client, login_as, world):
    page = _page(client, login_as, world["a"])
    roster = _section(page, "roster")
    assert "王小明" in roster and world["a"].staff_member.staff_no in roster
    assert "13900000001" in roster
    records = _section(page, "records")
    assert "社区义诊" in records and "健康讲座" in records
    assert "扫码签到" in records and "补录" in records
    assert "王小明签到表.jpg" in _section(page, "attachments")
    corrections = _section(page, "corrections")
    assert "王小明：签退时间应为 12:00" in corrections
    assert "与签到表一致，不予更正" in corrections and "已驳回" in corrections
    assert "无偿献血" in _section(page, "signups")
    assert "青年志愿服务队" in _section(page, "teams")
    codes = _section(page, "codes")
    assert "手机个人码" in codes and "胸卡" in codes
    assert "王小明的手机浏览器" in _section(page, "devices")
    history = _section(page, "history")
    # Who changed what, in the log's own words: the manager refused the correction.
    assert "驳回更正申请" in history and "mgr-a" in history


def test_the_id_number_is_masked_on_the_page(client, login_as, world):
    page = _page(client, login_as, world["a"])
    assert mask_id_card(ID_NUMBER["a"]) in _section(page, "roster")
    assert ID_NUMBER["a"] not in page


def test_nothing_of_the_other_person_appears(client, login_as, world):
    """赵小红 served at the same activities, asked a correction of the same kind, joined the same
    team and got a badge in the same batch: none of it is 王小明's."""
    page = _page(client, login_as, world["a"])
    b = world["b"]
    for trace in (
        "赵小红",
        b.staff_member.staff_no,
        b.username,
        "13900000002",
        ID_NUMBER["b"],
        mask_id_card(ID_NUMBER["b"]),
    ):
        assert trace not in page, trace
    # And the other way round: 赵小红's page holds her rows only.
    counts = counts_of(Person.of(b))
    assert counts["records"] == 2 and counts["corrections"] == 1 and counts["transfers"] == 0


def test_the_page_shows_the_latest_rows_and_says_how_many_more(client, login_as, world):
    history = counts_of(Person.of(world["a"]))["history"]
    assert history > PAGE_ROWS
    part = _section(_page(client, login_as, world["a"]), "history")
    assert part.split("<tbody>")[1].count("<tr>") == PAGE_ROWS
    assert f"另有 {history - PAGE_ROWS} 条在下载的文件中" in part


def test_the_secret_inside_a_personal_code_is_never_shown(client, login_as, world, db):
    page = _page(client, login_as, world["a"])
    keys = db.session.scalars(
        db.select(VolunteerCode.key).where(VolunteerCode.account_id == world["a"].id)
    ).all()
    assert keys
    assert not [key for key in keys if key in page]


def test_a_login_without_a_roster_entry_sees_what_there_is(client, login_as, make_account, org):
    admin = make_account("admin", Role.ADMIN, org["root"])
    page = _page(client, login_as, admin)
    assert "本系统没有保存这类信息" in _section(page, "roster")
    assert "系统管理员" in _section(page, "roles")
    # No ID number on file: no form asking for the password to download it.
    assert 'name="password"' not in page


def test_my_page_links_to_my_data(client, login_as, world):
    login_as(world["a"])
    assert 'href="/me/data"' in client.get("/me").get_data(as_text=True)


def test_the_page_is_never_cached(client, login_as, world):
    login_as(world["a"])
    assert client.get("/me/data").headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(("method", "url"), [("GET", "/me/data"), ("POST", "/me/data.xlsx")])
def test_anonymous_is_sent_to_login(client, method, url):
    response = client.open(url, method=method)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_reading_the_page_takes_a_bounded_number_of_statements(db, world, make_activity):
    """One count for all sections, one read per section, and naming the history's latest rows
    takes one statement per kind of thing named: never one per row."""
    bound = 1 + len(SECTIONS) + len(LOOKUPS) + 1  # + 1: units, named by id and code at once
    owner = Person.of(world["a"])
    with sent_statements(db.engine) as few:
        page_parts(owner)
    serve_more(world, make_activity, range(7, 17))
    db.session.expire_all()
    with sent_statements(db.engine) as many:
        parts = page_parts(owner)
    assert {part.section.key: part.count for part in parts}["records"] == 12
    assert len(few) <= bound and len(many) <= bound
