"""Finding a person to sign in or make up for by what is typed: phones only in full or by their last
four digits with part of the name, a 工号 only whole, a name by part, never anyone out of scope,
nothing for one character, and a budget of searches per account.

The attack of issue 14 (digging out a phone's hidden digits with 4-digit searches) is reproduced
and fails. Both boxes that find people for an activity — the scanner's search (JSON) and the
make-up page (补录, HTML) — follow the same rules, so most statements are tried on both. The world
is that of scanner_search_world.py.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import PASSWORD
from scanner_search_world import (  # noqa: F401 - the fixtures are used by name
    COLLEAGUE_PHONE,
    OUTSIDER_PHONE,
    finds_fixture,
    ward_fixture,
)

from volunteer.auth.models import Role

# --- The attack of issue 14, reproduced ---------------------------------------------------------


def dig_out_phone(search: Callable[[str], list[dict]], name: str, known: str) -> tuple[str, int]:
    """Recover a phone's hidden middle digits as the issue's attacker did: the masked phone
    (137****1111) is known, and a 4-digit search is tried for each candidate next digit until
    the named person shows up in the results. Return what was learnt (`*` where nothing) and
    the number of searches made."""
    digits = list(known)
    searches = 0
    for position in range(3, 7):
        for candidate in "0123456789":
            run = "".join(digits[position - 3 : position]) + candidate
            if "*" in run:
                break
            searches += 1
            if any(person["name"] == name for person in search(run)):
                digits[position] = candidate
                break
    return "".join(digits), searches


def test_a_department_coordinator_cannot_dig_out_a_phone_in_another_hospital(
    client, login_as, ward
):
    login_as(ward["coordinator"])

    def search(text: str) -> list[dict]:
        response = client.get(
            f"/activities/{ward['activity'].id}/scanner/search", query_string={"q": text}
        )
        return response.get_json()["results"]

    learnt, searches = dig_out_phone(search, "赵医生", "137****1111")

    assert learnt == "137****1111"
    assert searches == 10  # the first digit is never confirmed, so the attack stops there
    assert search("赵医生") == []


@pytest.mark.parametrize("run", [OUTSIDER_PHONE[i : i + 4] for i in range(len(OUTSIDER_PHONE) - 3)])
def test_no_four_digit_run_of_a_phone_finds_anyone_in_another_hospital(
    client, login_as, ward, finds, run
):
    login_as(ward["coordinator"])
    assert finds(client, ward["activity"], run) == []


@pytest.mark.parametrize(
    "fragment",
    [
        COLLEAGUE_PHONE[:7],  # 1391234: the first seven digits
        COLLEAGUE_PHONE[3:],  # 12345678: the last eight
        COLLEAGUE_PHONE[-4:],  # 5678: the last four without a name
        COLLEAGUE_PHONE[:10],  # one digit short
        COLLEAGUE_PHONE + "9",  # one digit too many
    ],
)
def test_a_partial_phone_finds_nobody_even_in_scope(client, login_as, ward, finds, fragment):
    login_as(ward["coordinator"])
    assert finds(client, ward["activity"], fragment) == []
    assert finds(client, ward["activity"], OUTSIDER_PHONE[: len(fragment)]) == []


# --- What finds a person in scope ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        COLLEAGUE_PHONE,
        "139-1234-5678",
        "+86 139 1234 5678",
        "１３９１２３４５６７８",  # typed with a full-width keyboard
    ],
)
def test_a_full_phone_finds_the_person_in_scope(client, login_as, ward, finds, text):
    login_as(ward["coordinator"])
    assert finds(client, ward["activity"], text) == [ward["colleague"].id]


def test_a_full_phone_of_someone_out_of_scope_finds_nobody(client, login_as, ward, finds):
    login_as(ward["coordinator"])
    assert finds(client, ward["activity"], OUTSIDER_PHONE) == []


@pytest.mark.parametrize(
    "text", ["王小明 5678", "5678王小明", "王小明5678", "小明 5678", "王 ５６７８"]
)
def test_last_four_digits_with_part_of_the_name_find_the_person(
    client, login_as, ward, finds, text
):
    login_as(ward["coordinator"])
    assert finds(client, ward["activity"], text) == [ward["colleague"].id]


@pytest.mark.parametrize("text", ["王小明 1111", "王小明 1234", "李四 5678", "赵医生 1111"])
def test_last_four_digits_must_belong_to_the_named_person_in_scope(
    client, login_as, ward, finds, text
):
    login_as(ward["coordinator"])
    assert finds(client, ward["activity"], text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("A00012", True),
        ("a00012", True),
        ("Ａ０００１２", True),  # full width
        (" A000 12 ", True),
        ("A0001", False),  # a prefix is not a 工号
        ("00012", False),
    ],
)
def test_a_staff_number_is_matched_whole(client, login_as, ward, finds, text, found):
    login_as(ward["coordinator"])
    assert finds(client, ward["activity"], text) == ([ward["colleague"].id] if found else [])


def test_a_name_is_matched_by_part_within_scope_only(client, login_as, ward, finds):
    login_as(ward["coordinator"])
    assert finds(client, ward["activity"], "小明") == [ward["colleague"].id]
    assert finds(client, ward["activity"], "赵医生") == []
    assert finds(client, ward["activity"], "B00077") == []


def test_a_one_character_search_finds_nothing(client, login_as, ward):
    login_as(ward["coordinator"])
    response = client.get(
        f"/activities/{ward['activity'].id}/scanner/search", query_string={"q": "王"}
    )
    assert response.get_json() == {"results": [], "too_short": True}


# --- A budget of searches per account -----------------------------------------------------------


@pytest.mark.app_config(RATELIMIT_ENABLED=True, SEARCH_RATE_LIMIT="3 per minute")
def test_searches_beyond_the_budget_are_refused_with_a_json_message(
    app, client, login_as, make_account, ward
):
    login_as(ward["coordinator"])
    url = f"/activities/{ward['activity'].id}/scanner/search"
    answers = [client.get(url, query_string={"q": f"王小{n}"}) for n in range(4)]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    refusal = answers[-1].get_json()
    assert refusal["ok"] is False and refusal["error"] == "too_many_searches"
    assert "查找太频繁" in refusal["message"]
    # The make-up page's search draws on the same budget, and says so on a page.
    make_up = client.get(f"/activities/{ward['activity'].id}/make-up", query_string={"q": "王小明"})
    assert make_up.status_code == 429 and "查找太频繁" in make_up.get_data(as_text=True)
    # Opening the make-up page without searching is not a search.
    assert client.get(f"/activities/{ward['activity'].id}/make-up").status_code == 200

    # The budget is the account's, not the address's: a colleague at the same desk goes on.
    colleague = make_account("coord-a1-2", Role.COORDINATOR, ward["org"]["a1"])
    other = app.test_client()
    other.post("/login", data={"identifier": colleague.username, "password": PASSWORD})
    assert other.get(url, query_string={"q": "王小明"}).status_code == 200
