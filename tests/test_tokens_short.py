"""Version 2 tokens (checkin/short_tokens.py): short, uppercase, signed per kind, and read beside
version 1 codes still in circulation. Pure: no app needed."""

import secrets
import string
from datetime import UTC, datetime, timedelta

import pytest

from volunteer.checkin import short_tokens, tokens

SECRET = "test-secret"
ROTATE, ACCEPT = 30, 90
SHOWN = datetime(2026, 12, 2, 1, 0, 0, tzinfo=UTC)
KEY = secrets.token_urlsafe(12)  # as activity.token_key and volunteer_code.key are made
ALPHANUMERIC = set(string.digits + string.ascii_uppercase)


def read(token, now=SHOWN, kinds=tokens.ACTIVITY_KINDS, secret=SECRET):
    return tokens.read_token(
        secret, token, kinds=kinds, now=now, rotate_seconds=ROTATE, accept_seconds=ACCEPT
    )


def refusal(token, now=SHOWN, **kwargs) -> str:
    with pytest.raises(tokens.TokenRefused) as refused:
        read(token, now, **kwargs)
    return refused.value.message


MADE = {
    tokens.ACTIVITY_ROTATING: lambda key: tokens.activity_token(SECRET, key, SHOWN, ROTATE),
    tokens.ACTIVITY_STATIC: lambda key: tokens.poster_token(SECRET, key, 7),
    tokens.PERSON_ROTATING: lambda key: tokens.personal_token(SECRET, key, SHOWN, ROTATE),
    tokens.PERSON_BADGE: lambda key: tokens.badge_token(SECRET, key),
}
KINDS_OF = {
    tokens.ACTIVITY_ROTATING: tokens.ACTIVITY_KINDS,
    tokens.ACTIVITY_STATIC: tokens.ACTIVITY_KINDS,
    tokens.PERSON_ROTATING: tokens.PERSON_KINDS,
    tokens.PERSON_BADGE: tokens.PERSON_KINDS,
}


@pytest.mark.parametrize("kind", list(MADE))
def test_every_kind_is_short_uppercase_alphanumeric_and_names_its_key(kind):
    token = MADE[kind](KEY)
    assert token.startswith(tokens.VERSION) and tokens.VERSION == "2"
    assert set(token) <= ALPHANUMERIC
    # 2 + kind + 20 (key) + at most 6 (window number) + 16 (signature)
    assert len(token) <= 44
    claims = read(token, kinds=KINDS_OF[kind])
    assert (claims.kind, claims.key) == (kind, KEY)


def test_the_window_and_the_generation_come_back():
    assert read(MADE[tokens.ACTIVITY_ROTATING](KEY)).number == tokens.window_of(SHOWN, ROTATE)
    poster = read(MADE[tokens.ACTIVITY_STATIC](KEY), SHOWN + timedelta(days=400))
    assert (poster.number, poster.is_static) == (7, True)
    badge = read(MADE[tokens.PERSON_BADGE](KEY), SHOWN + timedelta(days=900), tokens.PERSON_KINDS)
    assert (badge.number, badge.is_static) == (0, True)


def test_no_database_id_and_each_key_its_own_token():
    other = secrets.token_urlsafe(12)
    assert tokens.badge_token(SECRET, KEY) != tokens.badge_token(SECRET, other)
    # The key is all the token names: nothing else varies between two badges of one key.
    assert tokens.badge_token(SECRET, KEY) == tokens.badge_token(SECRET, KEY)


@pytest.mark.parametrize(
    ("age", "accepted"), [(0, True), (30, True), (89, True), (90, True), (91, False)]
)
def test_rotating_token_is_accepted_for_90_seconds(age, accepted):
    token = tokens.personal_token(SECRET, KEY, SHOWN, ROTATE)
    now = SHOWN + timedelta(seconds=age)
    if accepted:
        assert read(token, now, kinds=tokens.PERSON_KINDS).key == KEY
    else:
        assert refusal(token, now, kinds=tokens.PERSON_KINDS) == tokens.EXPIRED


def test_lower_case_and_links_read_the_same():
    token = tokens.badge_token(SECRET, KEY)
    assert read(token.lower(), kinds=tokens.PERSON_KINDS).key == KEY
    for link in (
        f"HTTP://VOLUNTEER.HOSPITAL01.CN/P/{token}",
        f"https://example.org/sub/P/{token}/",
        f"http://example.org/P/{token}?from=wechat#x",
    ):
        assert read(link, kinds=tokens.PERSON_KINDS).key == KEY


def test_every_changed_character_is_refused():
    token = tokens.activity_token(SECRET, KEY, SHOWN, ROTATE)
    for position in range(len(token)):
        for replacement in "A7":
            if token[position] == replacement:
                continue
            changed = token[:position] + replacement + token[position + 1 :]
            assert refusal(changed) in (tokens.INVALID, tokens.OLD_VERSION), position


@pytest.mark.parametrize(
    "garbage", ["2", "2A", "2" * 38, "2" * 80, "2A" + "é" * 40, "2A" + "-" * 40, "2A" + " " * 40]
)
def test_garbage_that_looks_like_version_2_is_invalid(garbage):
    assert refusal(garbage) == tokens.INVALID


def test_another_secret_is_refused():
    assert refusal(tokens.activity_token("another-secret", KEY, SHOWN, ROTATE)) == tokens.INVALID


def test_a_kind_cannot_be_swapped_by_changing_its_letter():
    # The signature covers the kind: a badge (static, never expires) cannot become a poster,
    # nor a phone code a badge.
    badge = tokens.badge_token(SECRET, KEY)
    assert refusal("2S" + badge[2:]) == tokens.INVALID
    phone = tokens.personal_token(SECRET, KEY, SHOWN, ROTATE)
    assert refusal("2B" + phone[2:], kinds=tokens.PERSON_KINDS) == tokens.INVALID
    assert refusal("2X" + phone[2:], kinds=tokens.PERSON_KINDS) == tokens.INVALID


def test_kinds_are_kept_apart_as_in_version_1():
    assert refusal(tokens.badge_token(SECRET, KEY)) == tokens.NOT_AN_ACTIVITY_CODE
    poster = tokens.poster_token(SECRET, KEY, 1)
    assert refusal(poster, kinds=tokens.PERSON_KINDS) == tokens.NOT_A_PERSONAL_CODE


def test_version_1_codes_in_circulation_still_work():
    # Printed before version 2: a poster of generation 3 and a badge, with the same keys.
    poster = tokens.legacy_token(SECRET, tokens.ACTIVITY_STATIC, KEY, 3)
    badge = tokens.legacy_token(SECRET, tokens.PERSON_BADGE, KEY, 0)
    assert poster.startswith("1.") and badge.startswith("1.")
    later = SHOWN + timedelta(days=365)
    assert read(poster, later).number == 3
    assert read(badge, later, kinds=tokens.PERSON_KINDS).key == KEY
    # A key that is not 12 bytes of base64 (none the app makes) still gets a version 1 token.
    assert tokens.badge_token(SECRET, "key-A").startswith("1.")


def test_keys_go_to_base32_and_back():
    for _ in range(50):
        key = secrets.token_urlsafe(12)
        compact = short_tokens.compact_key(key)
        assert compact is not None and len(compact) == short_tokens.KEY_CHARS
        assert short_tokens.expand_key(compact) == key
    assert short_tokens.compact_key("key-A") is None
    assert short_tokens.compact_key("=" * 16) is None


def test_qr_link_capitalises_scheme_and_host_only():
    assert short_tokens.qr_link("http://volunteer.hospital01.cn/S/2AB") == (
        "HTTP://VOLUNTEER.HOSPITAL01.CN/S/2AB"
    )
    assert short_tokens.qr_link("https://h.cn:8443/vol/S/2AB") == "HTTPS://H.CN:8443/vol/S/2AB"
    assert short_tokens.qr_link("/S/2AB") == "/S/2AB"
