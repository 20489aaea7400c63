"""Fixtures: an app on a real database (SQLite by default, PostgreSQL when
VOLUNTEER_TEST_DATABASE_URL says so), built by the migrations, clean for every test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
import suite_speed
from clean_database import empty_database
from flask import Flask, g, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade

from volunteer import create_app
from volunteer.activities.models import Activity
from volunteer.auth import services as auth_services
from volunteer.auth.models import Account, Role
from volunteer.clock import local_today, local_zone
from volunteer.extensions import db as _db
from volunteer.people.models import StaffMember
from volunteer.registration.models import Registration, RegistrationStatus
from volunteer.units.models import Unit, UnitKind
from volunteer.units.services import create_unit

# browser.py: the live server and Chromium fixtures, and a plain word when those tests skip.
pytest_plugins = ("browser",)
suite_speed.share_url_builders()
SHARED_ENGINES = suite_speed.SharedEngines()
SHARED_TEMPLATE_CODE = suite_speed.SharedTemplateCode()

PASSWORD = "correct-horse-9"
DATABASE_URL = os.environ.get("VOLUNTEER_TEST_DATABASE_URL", "")
ON_POSTGRES = DATABASE_URL.startswith("postgresql")


def pytest_collection_finish(session: pytest.Session) -> None:
    """Every test module is imported: freeze it out of the collector (tests/suite_speed.py)."""
    suite_speed.calm_the_collector()


class FreshGlobalsClient(FlaskClient):
    """A test client whose every request starts with an empty `g`.

    Tests keep an app context open for their factories, and Flask then reuses it for the
    client's requests; without this, Flask-Login's cached user and Flask-Babel's cached locale
    would leak from one request (or one logged-in client) into the next.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            g.__dict__.clear()
        try:
            return super().open(*args, **kwargs)
        finally:
            if has_app_context():
                g.__dict__.clear()


def _settings(database_url: str, instance_path: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        # The suite's own opt-out of the key check (volunteer/config.py: check_secret_key).
        "ALLOW_WEAK_SECRET_KEY_FOR_TESTS": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": "localhost",
        # Tests hash hundreds of passwords; production keeps the slow default (scrypt).
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        # Background jobs keep their queue and files in the test's own folder.
        "HUEY_URL": f"sqlite:///{instance_path}/huey.db",
        "JOBS_FOLDER": f"{instance_path}/jobs",
    }


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory) -> str:
    """Upgrade an empty database to head once per run; return its URL (a template on SQLite)."""
    if ON_POSTGRES:
        engine = sa.create_engine(DATABASE_URL)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
        url = DATABASE_URL
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('template') / 'template.db'}"
    app = create_app(_settings(url, str(tmp_path_factory.mktemp("instance"))))
    with app.app_context():
        upgrade()
        _db.engine.dispose()
    return url


@pytest.fixture(scope="session")
def test_database_url(migrated_database, tmp_path_factory) -> str:
    """The URL every test's app uses: one URL for the run, so the apps share an engine."""
    if ON_POSTGRES:
        url = migrated_database
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('test') / 'test.db'}"
    SHARED_ENGINES.share(_db, url)
    return url


@pytest.fixture
def app(migrated_database, test_database_url, tmp_path, request) -> Iterator[Flask]:
    """Give each test its own clean copy of the migrated database.

    `@pytest.mark.app_config(KEY=value)` overrides settings for one test (CSRF, rate limits).
    """
    url = test_database_url
    if not ON_POSTGRES:
        # A new file under the same name: a connection a test left open keeps the old one.
        path = url.removeprefix("sqlite:///")
        shutil.copyfile(migrated_database.removeprefix("sqlite:///"), f"{path}.new")
        os.replace(f"{path}.new", path)
    settings = _settings(url, str(tmp_path))
    marker = request.node.get_closest_marker("app_config")
    if marker:
        settings.update(marker.kwargs)
    app = create_app(settings)
    app.test_client_class = FreshGlobalsClient
    app.jinja_env.bytecode_cache = SHARED_TEMPLATE_CODE
    with app.app_context():
        yield app
        if ON_POSTGRES:
            empty_database(_db)
        else:
            _db.session.remove()
            _db.engine.dispose()  # the next test's file replaces this one


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_unit(db) -> Callable[..., Unit]:
    """Return a factory: make_unit("H1", "第一医院", parent=root)."""

    def make(code: str, name: str | None = None, *, parent: Unit | None = None, kind=None) -> Unit:
        if kind is None:
            kind = UnitKind.ORGANISATION if parent is None else UnitKind.UNIT
        unit = create_unit(code=code, name=name or code, kind=kind, parent=parent, actor=None)
        db.session.commit()
        return unit

    return make


@pytest.fixture
def org(make_unit) -> dict[str, Unit]:
    """A commission with two hospitals, each with one department."""
    root = make_unit("WJW", "市卫生健康委员会")
    a = make_unit("H-A", "第一人民医院", parent=root)
    b = make_unit("H-B", "第二人民医院", parent=root)
    return {
        "root": root,
        "a": a,
        "a1": make_unit("H-A-01", "心内科", parent=a, kind=UnitKind.DEPARTMENT),
        "b": b,
        "b1": make_unit("H-B-01", "急诊科", parent=b, kind=UnitKind.DEPARTMENT),
    }


@pytest.fixture
def make_staff(db) -> Callable[..., StaffMember]:
    """Return a factory: make_staff(unit, "张三", "000123")."""
    counter = iter(range(1, 10_000))

    def make(unit: Unit, name: str = "张三", staff_no: str | None = None, **fields) -> StaffMember:
        n = next(counter)
        person = StaffMember(
            unit=unit,
            name=name,
            staff_no=staff_no or f"T{n:05d}",
            phone=fields.pop("phone", f"139{n:08d}"),
            **fields,
        )
        db.session.add(person)
        db.session.commit()
        return person

    return make


@pytest.fixture
def make_account(db) -> Callable[..., Account]:
    """Return a factory: make_account("mgr", Role.MANAGER, unit) with PASSWORD."""

    def make(
        username: str, role: Role | None = None, unit: Unit | None = None, **fields
    ) -> Account:
        account = auth_services.create_account(
            username=username,
            password=PASSWORD,
            display_name=fields.pop("display_name", username),
            **fields,
            actor=None,
        )
        if role is not None:
            auth_services.grant_role(account=account, role=role, unit=unit, actor=None)
        db.session.commit()
        return account

    return make


@pytest.fixture
def login_as(client) -> Callable[[Account], None]:
    """Return a helper that logs the test client in as an account."""

    def login(account: Account) -> None:
        response = client.post(
            "/login", data={"identifier": account.username, "password": PASSWORD}
        )
        assert response.status_code == 302, response.get_data(as_text=True)

    return login


@pytest.fixture
def make_volunteer(db, make_staff, make_account) -> Callable[..., Account]:
    """Return a factory: make_volunteer(unit, "李四") → a staff member with an active registration
    and a volunteer login (username = 工号)."""

    def make(unit: Unit, name: str = "李四", **staff_fields) -> Account:
        person = make_staff(unit, name, **staff_fields)
        account = make_account(person.staff_no, Role.VOLUNTEER, unit, staff_member=person)
        db.session.add(
            Registration(
                status=RegistrationStatus.ACTIVE,
                unit_id=unit.id,
                staff_member_id=person.id,
                account_id=account.id,
                claimed_name=name,
                claimed_staff_no=person.staff_no,
                phone=person.phone,
                registered_on=local_today(),
            )
        )
        db.session.commit()
        return account

    return make


def local_time(*args: int) -> datetime:
    """Return an aware datetime from local wall-clock parts: local_time(2026, 3, 5, 9, 0)."""
    return datetime(*args, tzinfo=local_zone())


@pytest.fixture
def make_activity(db) -> Callable[..., Activity]:
    """Return a factory: make_activity(unit, starts_at=…, hours=3, **fields); category 1 default.

    Without `starts_at` the activity began an hour ago and runs for `hours`.
    """

    def make(unit: Unit, title: str = "社区义诊", *, starts_at=None, hours=3, **fields) -> Activity:
        from volunteer.clock import utc_now

        starts_at = starts_at or utc_now().replace(second=0, microsecond=0) - timedelta(hours=1)
        activity = Activity(
            title=title,
            category_id=fields.pop("category_id", 1),
            unit_id=unit.id,
            place=fields.pop("place", "门诊大厅"),
            starts_at=starts_at,
            ends_at=fields.pop("ends_at", starts_at + timedelta(hours=hours)),
            **fields,
        )
        db.session.add(activity)
        db.session.commit()
        return activity

    return make
