"""The scan of someone logged in reads nothing (docs/rules.md §5.5): it binds its ticket to
the account from the signed session alone, while an anonymous scan reads only the activity and
binds nobody; a session from before the account key binds through the login and gains it, a
scan after logging out belongs to the next login, and a scan whose login was ended elsewhere
stays bound to that account."""

from urllib.parse import urlsplit

from checkin_links_world import ANOTHER_ACCOUNT, log_in, refused, uses_of
from checkin_world import (  # noqa: F401 - the fixtures are used by name
    activity_fixture,
    code_of,
    device_of,
    records,
    ticket_path,
    volunteer_fixture,
)
from statements import sent_statements

from volunteer.auth.loader import ACCOUNT_KEY
from volunteer.auth.models import DeviceLogin
from volunteer.checkin import scan_tickets
from volunteer.clock import utc_now

# --- The scan of someone logged in reads nothing -----------------------------------------------


def test_a_logged_in_scan_binds_its_ticket_from_the_signed_session_alone(
    app, client, db, activity, volunteer
):
    log_in(client, volunteer)
    with client.session_transaction() as session:
        assert session[ACCOUNT_KEY] == volunteer.id
    code = code_of(app, activity)

    with sent_statements(db.engine) as statements:
        path = ticket_path(client, code)

    assert statements == []
    ref = scan_tickets.ticket_ref(path.removeprefix("/checkin/"))
    assert device_of(app, client).account_of(ref) == volunteer.id


def test_an_anonymous_scan_reads_the_activity_and_binds_nobody(app, client, db, activity):
    code = code_of(app, activity)

    with sent_statements(db.engine) as statements:
        path = ticket_path(client, code)

    assert len(statements) == 1 and "FROM activity" in statements[0]
    assert device_of(app, client).accounts == ()
    assert path.startswith("/checkin/")


def test_a_session_from_before_the_account_key_binds_through_the_login_and_gains_it(
    app, client, db, activity, volunteer
):
    log_in(client, volunteer)
    with client.session_transaction() as session:
        del session[ACCOUNT_KEY]

    path = ticket_path(client, code_of(app, activity))

    ref = scan_tickets.ticket_ref(path.removeprefix("/checkin/"))
    assert device_of(app, client).account_of(ref) == volunteer.id
    with client.session_transaction() as session:
        assert session[ACCOUNT_KEY] == volunteer.id


def test_after_logging_out_a_scan_binds_nobody_and_the_next_login_owns_the_link(
    app, client, db, org, activity, volunteer, make_volunteer
):
    log_in(client, volunteer)
    client.post("/logout")
    with client.session_transaction() as session:
        assert ACCOUNT_KEY not in session

    path = ticket_path(client, code_of(app, activity))
    colleague = make_volunteer(org["a1"], "赵六")
    log_in(client, colleague)
    client.post(f"{path}/sign-in")

    [record] = records(db)
    assert record.account_id == colleague.id


def test_a_login_ended_elsewhere_leaves_its_scan_bound_to_that_account(
    app, client, db, org, activity, volunteer, make_volunteer
):
    # The session still names the account, but the login behind it was ended (another device,
    # an administrator): the ticket stays that account's, and the page asks it to log in again.
    log_in(client, volunteer)
    db.session.execute(db.update(DeviceLogin).values(revoked_at=utc_now()))
    db.session.commit()
    path = ticket_path(client, code_of(app, activity))

    response = client.get(path)
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/login"
    log_in(client, make_volunteer(org["a1"], "赵六"))
    assert all(refused(response, ANOTHER_ACCOUNT) for response in uses_of(client, path))
    client.post("/logout")
    log_in(client, volunteer)
    assert client.get(path).status_code == 200
