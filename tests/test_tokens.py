"""Signed QR tokens: what passes, what is refused and why (DESIGN §5). Pure: no app needed."""

from datetime import UTC, datetime, timedelta

import pytest
from itsdangerous import URLSafeSerializer

from volunteer.checkin import tokens

SECRET = "test-secret"
ROTATE, ACCEPT = 30, 90
# A window boundary: its timestamp is a multiple of 30 s.
SHOWN = datetime(2026, 3, 5, 1, 0, 0, tzinfo=UTC)


def read(token, now, kinds=tokens.ACTIVITY_KINDS, secret=SECRET):
    return tokens.read_token(
        secret, token, kinds=kinds, now=now, rotate_seconds=ROTATE, accept_seconds=ACCEPT
    )


def refusal(token, now=SHOWN, **kwargs) -> str:
    with pytest.raises(tokens.TokenRefused) as refused:
        read(token, now, **kwargs)
    return refused.value.message


def test_window_boundary_is_a_multiple_of_the_rotation():
    assert SHOWN.timestamp() % ROTATE == 0


def test_activity_token_names_its_key_and_window():
    token = tokens.activity_token(SECRET, "key-A", SHOWN, ROTATE)
    claims = read(token, SHOWN)
    assert (claims.kind, claims.key) == (tokens.ACTIVITY_ROTATING, "key-A")
    assert claims.number == tokens.window_of(SHOWN, ROTATE)
    assert not claims.is_static


def test_token_carries_a_version_and_no_database_id():
    token = tokens.activity_token(SECRET, "key-A", SHOWN, ROTATE)
    assert token.startswith(f"{tokens.VERSION}.")


@pytest.mark.parametrize(
    ("age", "accepted"),
    [(0, True), (29, True), (30, True), (89, True), (90, True), (91, False), (600, False)],
)
def test_rotating_token_is_accepted_for_90_seconds(age, accepted):
    token = tokens.activity_token(SECRET, "key-A", SHOWN, ROTATE)
    now = SHOWN + timedelta(seconds=age)
    if accepted:
        assert read(token, now).key == "key-A"
    else:
        assert refusal(token, now) == tokens.EXPIRED


def test_token_from_a_clock_slightly_ahead_is_accepted_but_not_one_far_ahead():
    ahead = tokens.activity_token(SECRET, "key-A", SHOWN + timedelta(seconds=30), ROTATE)
    assert read(ahead, SHOWN).key == "key-A"
    far_ahead = tokens.activity_token(SECRET, "key-A", SHOWN + timedelta(seconds=61), ROTATE)
    assert refusal(far_ahead) == tokens.EXPIRED


def test_seconds_left_counts_down_to_the_next_window():
    assert tokens.seconds_left(SHOWN, ROTATE) == 30
    assert tokens.seconds_left(SHOWN + timedelta(seconds=29), ROTATE) == 1


@pytest.mark.parametrize(
    "tamper",
    [
        # A character inside the signature (the last one may only hold padding bits).
        lambda t: t[:-5] + ("A" if t[-5] != "A" else "B") + t[-4:],
        lambda t: t.replace(".", ".x", 1),  # the payload
        lambda t: t + "x",
        lambda t: "1.",
        lambda t: "",
        lambda t: "garbage",
    ],
)
def test_tampered_token_is_refused_as_invalid(tamper):
    token = tokens.activity_token(SECRET, "key-A", SHOWN, ROTATE)
    assert refusal(tamper(token)) == tokens.INVALID


def test_token_signed_with_another_secret_is_refused():
    token = tokens.activity_token("another-secret", "key-A", SHOWN, ROTATE)
    assert refusal(token) == tokens.INVALID


def test_payload_signed_with_the_wrong_salt_for_its_kind_is_refused():
    # An activity payload signed with the personal salt cannot pass for an activity code.
    body = URLSafeSerializer(SECRET, salt="personal-code").dumps(["a", "key-A", 1])
    assert refusal(f"{tokens.VERSION}.{body}") == tokens.INVALID


def test_payload_with_a_non_integer_number_is_refused():
    body = URLSafeSerializer(SECRET, salt="activity-code").dumps(["s", "key-A", "1"])
    assert refusal(f"{tokens.VERSION}.{body}") == tokens.INVALID


def test_personal_code_is_not_an_activity_code():
    token = tokens.personal_token(SECRET, "person-1", SHOWN, ROTATE)
    assert refusal(token) == tokens.NOT_AN_ACTIVITY_CODE
    assert refusal(tokens.badge_token(SECRET, "person-1")) == tokens.NOT_AN_ACTIVITY_CODE


def test_activity_code_is_not_a_personal_code():
    token = tokens.activity_token(SECRET, "key-A", SHOWN, ROTATE)
    assert refusal(token, kinds=tokens.PERSON_KINDS) == tokens.NOT_A_PERSONAL_CODE


def test_old_version_is_refused_as_old_and_unknown_prefix_as_invalid():
    token = tokens.activity_token(SECRET, "key-A", SHOWN, ROTATE)
    body = token.partition(".")[2]
    assert refusal(f"0.{body}") == tokens.OLD_VERSION
    assert refusal(f"v1.{body}") == tokens.INVALID


def test_poster_token_never_expires_and_carries_its_generation():
    token = tokens.poster_token(SECRET, "key-A", 3)
    claims = read(token, SHOWN + timedelta(days=400))
    assert (claims.kind, claims.number, claims.is_static) == (tokens.ACTIVITY_STATIC, 3, True)


def test_ticket_round_trip_and_expiry(monkeypatch):
    claims = tokens.Claims(tokens.ACTIVITY_STATIC, "key-A", 2)
    ticket = tokens.make_ticket(SECRET, claims)
    assert tokens.read_ticket(SECRET, ticket, 60) == tokens.Ticket("key-A", "s", 2)
    with pytest.raises(tokens.TokenRefused):
        tokens.read_ticket("another-secret", ticket, 60)
    with pytest.raises(tokens.TokenRefused) as refused:
        tokens.read_ticket(SECRET, ticket[:-2] + "xx", 60)
    assert refused.value.message == tokens.INVALID
    with pytest.raises(tokens.TokenRefused) as refused:
        tokens.read_ticket(SECRET, ticket, -1)
    assert refused.value.message != tokens.INVALID


def test_a_ticket_is_not_a_token_and_a_token_is_not_a_ticket():
    token = tokens.activity_token(SECRET, "key-A", SHOWN, ROTATE)
    with pytest.raises(tokens.TokenRefused):
        tokens.read_ticket(SECRET, token, 60)
    ticket = tokens.make_ticket(SECRET, read(token, SHOWN))
    assert refusal(ticket) == tokens.INVALID
