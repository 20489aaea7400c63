"""Signed QR tokens: what passes, what is refused and why (docs/rules.md §5.4). Pure: no app
needed. Keys like "key-A" are not 12 random bytes, so these tokens are version 1, as printed posters
and badges still carry; version 2 has tests/test_tokens_short.py."""

from datetime import UTC, datetime, timedelta

import pytest
from itsdangerous import URLSafeSerializer, URLSafeTimedSerializer

from volunteer.checkin import scan_tickets, tokens

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
    assert token.startswith(f"{tokens.LEGACY_VERSION}.")


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
    assert refusal(f"{tokens.LEGACY_VERSION}.{body}") == tokens.INVALID


def test_payload_with_a_non_integer_number_is_refused():
    body = URLSafeSerializer(SECRET, salt="activity-code").dumps(["s", "key-A", "1"])
    assert refusal(f"{tokens.LEGACY_VERSION}.{body}") == tokens.INVALID


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


PHONE = scan_tickets.Device("nonce-of-the-phone-that-scanned")
OTHER_PHONE = scan_tickets.Device("nonce-of-a-phone-it-was-forwarded-to")


POSTER_SCAN = tokens.Claims(tokens.ACTIVITY_STATIC, "key-A", 2)


def ticket_on(device=PHONE, claims=POSTER_SCAN):
    return scan_tickets.make_ticket(SECRET, claims, device)


def ticket_refusal(ticket, max_age=60, secret=SECRET) -> str:
    with pytest.raises(tokens.TokenRefused) as refused:
        scan_tickets.read_ticket(secret, ticket, max_age)
    return refused.value.message


def test_ticket_round_trip_and_expiry():
    ticket = ticket_on()
    scan = scan_tickets.read_ticket(SECRET, ticket, 60)
    assert (scan.key, scan.kind, scan.number) == ("key-A", "s", 2)
    assert scan.device == PHONE.digest and scan.ref == scan_tickets.ticket_ref(ticket)
    assert ticket_refusal(ticket, secret="another-secret") == tokens.INVALID
    assert ticket_refusal(ticket[:-2] + "xx") == tokens.INVALID
    assert ticket_refusal(ticket, max_age=-1) == scan_tickets.TICKET_EXPIRED


def test_ticket_carries_its_version_and_only_a_digest_of_the_device():
    ticket = ticket_on()
    assert ticket.startswith(f"{scan_tickets.TICKET_VERSION}.")
    # The link may be forwarded: what it holds must not let anyone make up the phone's cookie.
    payload = URLSafeTimedSerializer(SECRET, salt="scan-ticket-2").loads(ticket.partition(".")[2])
    assert PHONE.nonce not in payload and payload[3] == PHONE.digest


def test_unbound_ticket_from_before_binding_is_refused_as_forwarded_and_garbage_as_invalid():
    unbound = URLSafeTimedSerializer(SECRET, salt="scan-ticket").dumps(["key-A", "a", 1])
    assert ticket_refusal(unbound) == scan_tickets.FORWARDED
    assert ticket_refusal(f"t3.{ticket_on().partition('.')[2]}") == tokens.INVALID
    for garbage in ("", "t2.", "garbage", unbound[:-2] + "xx"):
        assert ticket_refusal(garbage) == tokens.INVALID


def test_a_ticket_is_not_a_token_and_a_token_is_not_a_ticket():
    token = tokens.activity_token(SECRET, "key-A", SHOWN, ROTATE)
    assert ticket_refusal(token) == tokens.INVALID
    ticket = scan_tickets.make_ticket(SECRET, read(token, SHOWN), PHONE)
    assert refusal(ticket) == tokens.INVALID


def test_ticket_works_only_on_the_device_that_scanned():
    scan = scan_tickets.read_ticket(SECRET, ticket_on(PHONE), 60)
    assert scan_tickets.admit(scan, PHONE, None) == PHONE
    for elsewhere in (OTHER_PHONE, None):
        with pytest.raises(tokens.TokenRefused) as refused:
            scan_tickets.admit(scan, elsewhere, 7)
        assert refused.value.message == scan_tickets.FORWARDED


def test_ticket_binds_to_the_first_account_that_uses_it_on_the_device():
    scan = scan_tickets.read_ticket(SECRET, ticket_on(PHONE), 60)
    bound = scan_tickets.admit(scan, PHONE, 7)
    assert bound.account_of(scan.ref) == 7
    assert scan_tickets.admit(scan, bound, 7) == bound
    with pytest.raises(tokens.TokenRefused) as refused:
        scan_tickets.admit(scan, bound, 8)
    assert refused.value.message == scan_tickets.ANOTHER_ACCOUNT
    # Another scan on the same phone, even of the same code, is a new ticket, free for whoever
    # is logged in then.
    rescan = scan_tickets.read_ticket(SECRET, ticket_on(PHONE), 60)
    assert rescan.ref != scan.ref
    assert scan_tickets.admit(rescan, bound, 8).account_of(rescan.ref) == 8


def test_device_keeps_only_its_latest_bindings():
    device = PHONE
    for number in range(scan_tickets.MAX_BINDINGS + 3):
        device = device.bound(f"ticket-{number}", number)
    assert len(device.accounts) == scan_tickets.MAX_BINDINGS
    assert device.account_of("ticket-0") is None
    assert (
        device.account_of(f"ticket-{scan_tickets.MAX_BINDINGS + 2}")
        == scan_tickets.MAX_BINDINGS + 2
    )


def test_device_cookie_round_trip_and_tampering():
    device = PHONE.bound("ticket-1", 7)
    cookie = scan_tickets.dump_device(SECRET, device)
    assert scan_tickets.load_device(SECRET, cookie) == device
    unsigned = URLSafeSerializer(SECRET, salt="another-salt").dumps([PHONE.nonce, []])
    for tampered in (
        cookie[:-5] + ("A" if cookie[-5] != "A" else "B") + cookie[-4:],
        cookie.replace(".", ".x", 1),
        unsigned,
        scan_tickets.dump_device("another-secret", device),
        URLSafeSerializer(SECRET, salt="scan-device").dumps(["", []]),
        URLSafeSerializer(SECRET, salt="scan-device").dumps([PHONE.nonce, [["r", "x"]]]),
        "",
        None,
    ):
        assert scan_tickets.load_device(SECRET, tampered) is None


def test_new_devices_are_random():
    assert scan_tickets.Device.new() != scan_tickets.Device.new()
    assert len(scan_tickets.Device.new().nonce) >= 32
