"""Random text at the token readers (checkin/tokens.py, checkin/short_tokens.py): whatever arrives
in a scanned link, a ticket or a cookie, the answer is the documented refusal, never a crash and
never a forged success. Pure: no app, no database."""

import contextlib
import secrets
import string
from datetime import UTC, datetime

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from volunteer.checkin import scan_tickets, short_tokens, tokens

SECRET = "test-secret"
ROTATE, ACCEPT = 30, 90
NOW = datetime(2026, 12, 2, 1, 0, 0, tzinfo=UTC)
KEY = secrets.token_urlsafe(12)
KINDS = (tokens.ACTIVITY_KINDS, tokens.PERSON_KINDS)
MESSAGES = {
    tokens.INVALID,
    tokens.EXPIRED,
    tokens.OLD_VERSION,
    tokens.NOT_AN_ACTIVITY_CODE,
    tokens.NOT_A_PERSONAL_CODE,
}
TICKET_MESSAGES = {tokens.INVALID, scan_tickets.TICKET_EXPIRED, scan_tickets.FORWARDED}
# No example database: the tree stays clean, and every run draws afresh.
FUZZ = settings(
    max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

# Any text, NUL and surrogates' neighbours included, and text shaped like the real thing.
any_text = st.text(max_size=300)
alphanumeric = st.text(string.ascii_letters + string.digits, min_size=30, max_size=60)
shaped = st.one_of(
    any_text,
    alphanumeric.map(lambda body: "2" + body),
    any_text.map(lambda body: "1." + body),
    any_text.map(lambda body: "t2." + body),
    st.tuples(st.sampled_from(["http://", "HTTP://", "https://x/"]), any_text).map("".join),
    st.binary(max_size=200).map(lambda raw: raw.decode("latin-1")),
)
REAL = {
    "screen": tokens.activity_token(SECRET, KEY, NOW, ROTATE),
    "poster": tokens.poster_token(SECRET, KEY, 3),
    "phone": tokens.personal_token(SECRET, KEY, NOW, ROTATE),
    "badge": tokens.badge_token(SECRET, KEY),
    "legacy": tokens.legacy_token(SECRET, tokens.ACTIVITY_STATIC, KEY, 3),
}


def read(text: str, kinds: frozenset[str]) -> tokens.Claims:
    return tokens.read_token(
        SECRET, text, kinds=kinds, now=NOW, rotate_seconds=ROTATE, accept_seconds=ACCEPT
    )


@FUZZ
@given(text=shaped, kinds=st.sampled_from(KINDS))
@example(text="\x00", kinds=tokens.ACTIVITY_KINDS)
@example(text="2A" + "\x00" * 40, kinds=tokens.ACTIVITY_KINDS)
@example(text="https://host/S/\x00", kinds=tokens.PERSON_KINDS)
def test_a_random_text_is_refused_as_a_token_with_a_message_for_people(text, kinds):
    try:
        claims = read(text, kinds)
    except tokens.TokenRefused as refused:
        assert refused.message in MESSAGES
    else:
        raise AssertionError(f"made-up text passed for a token: {text!r} → {claims}")


@FUZZ
@given(
    name=st.sampled_from(sorted(REAL)),
    at=st.integers(min_value=0, max_value=80),
    new=st.characters(codec="utf-8"),
)
def test_a_changed_character_of_a_real_token_is_refused(name, at, new):
    token = REAL[name]
    at %= len(token)
    changed = token[:at] + new + token[at + 1 :]
    # Short tokens are read in any case, and a link's spaces are trimmed: the same token.
    if changed.strip().upper() == token.upper() or changed == token:
        return
    for kinds in KINDS:
        try:
            claims = read(changed, kinds)
        except tokens.TokenRefused as refused:
            assert refused.message in MESSAGES
        else:
            raise AssertionError(f"{name} token changed at {at} still read: {claims}")


def test_the_real_tokens_themselves_are_read():
    """The property above means something only if the unchanged tokens pass."""
    assert read(REAL["screen"], tokens.ACTIVITY_KINDS).key == KEY
    assert read(REAL["poster"], tokens.ACTIVITY_KINDS).number == 3
    assert read(REAL["phone"], tokens.PERSON_KINDS).key == KEY
    assert read(REAL["badge"], tokens.PERSON_KINDS).key == KEY
    assert read(REAL["legacy"], tokens.ACTIVITY_KINDS).number == 3


@FUZZ
@given(text=shaped)
@example(text="t2.\x00")
@example(text="t2." + "A" * 200)
def test_a_random_ticket_is_refused_and_a_random_cookie_names_no_device(text):
    try:
        ticket = scan_tickets.read_ticket(SECRET, text, 900)
    except tokens.TokenRefused as refused:
        assert refused.message in TICKET_MESSAGES
    else:
        raise AssertionError(f"made-up ticket accepted: {ticket}")
    assert scan_tickets.load_device(SECRET, text) is None


@FUZZ
@given(text=shaped)
def test_the_short_token_reader_only_ever_says_malformed(text):
    found = short_tokens.token_of(text)
    assert isinstance(found, str)
    if "://" in text.strip():
        assert "/" not in found  # a link's last path segment, never more of it
    assert isinstance(short_tokens.is_short_token(text), bool)
    try:
        short_tokens.verify(SECRET, text)
    except short_tokens.Malformed:
        pass
    else:
        raise AssertionError(f"made-up short token verified: {text!r}")
    compact = short_tokens.compact_key(text)
    assert compact is None or short_tokens.expand_key(compact) == text
    with contextlib.suppress(short_tokens.Malformed):
        short_tokens.expand_key(text)
