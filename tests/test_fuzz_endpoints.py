"""Random strings, NUL included, at the token and search endpoints over HTTP: always a clear
refusal or an answer, never a 500, and nothing written; the scanner's search finds a person by
digits only when they are the whole phone number."""

import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Role
from volunteer.checkin.tickets import DEVICE_COOKIE
from volunteer.records.models import ServiceRecord

FUZZ = settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# 405: a decoded %2F made the path another route's; 308: werkzeug merged a doubled slash.
REFUSED = {400, 404, 405, 410, 308}
segment = st.text(min_size=1, max_size=120)
digits_typed = st.lists(
    st.one_of(st.text("0123456789", min_size=1, max_size=11), st.sampled_from([" ", "-", "+86"])),
    min_size=1,
    max_size=5,
).map("".join)


@pytest.fixture
def world(db, org, make_activity, make_account, make_volunteer):
    activity = make_activity(org["a"], "社区义诊")
    volunteer = make_volunteer(org["a1"], "王小明")
    return {
        "activity": activity,
        "volunteer": volunteer,
        "phone": volunteer.staff_member.phone,
        "coordinator": make_account("coord", Role.COORDINATOR, org["a"]),
    }


def written(db) -> tuple[int, int]:
    """How many records and audit entries there are: a refusal must add neither."""
    records = db.session.scalar(db.select(db.func.count()).select_from(ServiceRecord))
    audits = db.session.scalar(db.select(db.func.count()).select_from(AuditEntry))
    return records, audits


@FUZZ
@given(text=segment)
@example(text="\x00")
@example(text="2A" + "\x00" * 40)
@example(text="t2.\x00")
def test_a_random_scan_link_or_ticket_is_refused_and_writes_nothing(
    world, db, client, login_as, text
):
    before = written(db)
    path = quote(text, safe="")
    for url in (f"/s/{path}", f"/S/{path}"):
        response = client.get(url)
        assert response.status_code in REFUSED, (url, response.status_code)
        # No ticket, so no phone is remembered for one either.
        assert DEVICE_COOKIE not in str(response.headers.getlist("Set-Cookie"))
    login_as(world["volunteer"])
    for method, url in (("GET", f"/checkin/{path}"), ("POST", f"/checkin/{path}/sign-in")):
        response = client.open(url, method=method)
        assert response.status_code in REFUSED, (method, url, response.status_code)
    client.post("/logout")
    db.session.expire_all()
    assert written(db)[0] == before[0]


@FUZZ
@given(q=st.one_of(st.text(max_size=80), digits_typed))
@example(q="\x00")
@example(q="王\x001380")
def test_the_scanner_search_answers_any_text_without_a_500(world, client, login_as, q):
    login_as(world["coordinator"])
    response = client.get(
        f"/activities/{world['activity'].id}/scanner/search", query_string={"q": q}
    )
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 200:
        found = response.get_json()["results"]
        for person in found:
            assert world["phone"] not in str(person), "a phone shown unmasked"


@FUZZ
@given(q=digits_typed)
def test_digits_find_a_person_only_when_they_are_the_whole_phone(world, client, login_as, q):
    login_as(world["coordinator"])
    response = client.get(
        f"/activities/{world['activity'].id}/scanner/search", query_string={"q": q}
    )
    assert response.status_code == 200
    if response.get_json()["results"]:
        assert re.sub(r"\D", "", q).endswith(world["phone"]), q


def test_the_whole_phone_does_find_the_person(world, client, login_as):
    """The property above means something only if the whole number finds them."""
    login_as(world["coordinator"])
    response = client.get(
        f"/activities/{world['activity'].id}/scanner/search",
        query_string={"q": world["phone"]},
    )
    [person] = response.get_json()["results"]
    assert person["name"] == "王小明" and world["phone"] not in person["phone"]


@FUZZ
@given(q=st.text(max_size=80))
@example(q="\x00")
def test_the_roster_and_activity_searches_answer_any_text_without_a_500(
    world, org, db, client, login_as, q
):
    login_as(world["coordinator"])
    before = written(db)
    for url in (f"/units/{org['a'].id}/staff", f"/activities/{world['activity'].id}/records"):
        response = client.get(url, query_string={"q": q})
        assert response.status_code in (200, 400), (url, response.status_code)
    db.session.expire_all()
    assert written(db) == before
