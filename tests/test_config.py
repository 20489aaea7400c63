"""Settings layer: defaults, then instance/config.py, then VOLUNTEER_* variables; and the
settings a real server refuses (a weak key) or warns about (limits counted per process)."""

import logging

import pytest

from volunteer import create_app
from volunteer.config import DEFAULT_SECRET_KEY, ConfigError, rate_limits_unshared

STRONG_KEY = "0123456789abcdef" * 4  # 64 hex digits, as `make run` writes
# The suite's own opt-out of the key check, for the tests about other settings.
WEAK_KEY_ALLOWED = {"TESTING": True, "ALLOW_WEAK_SECRET_KEY_FOR_TESTS": True}


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in (
        "VOLUNTEER_SECRET_KEY",
        "VOLUNTEER_DATABASE_URL",
        "VOLUNTEER_TIMEZONE",
        "VOLUNTEER_DEBUG",
        "VOLUNTEER_TESTING",
        "FLASK_DEBUG",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VOLUNTEER_INSTANCE_PATH", str(tmp_path))
    return tmp_path


def test_production_refuses_to_start_with_the_default_secret_key(clean_env):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


WEAK_KEYS = {
    "the default": DEFAULT_SECRET_KEY,
    "empty": "",
    "one character": "x",
    "31 bytes": "k" * 31,
}
# Ways a server ends up with a debug or testing flag: none of them may let a weak key through.
FLAGS = {
    "no flag": ({}, None),
    "VOLUNTEER_DEBUG": ({"VOLUNTEER_DEBUG": "true"}, None),
    "VOLUNTEER_TESTING": ({"VOLUNTEER_TESTING": "true"}, None),
    "FLASK_DEBUG": ({"FLASK_DEBUG": "1"}, None),
    "the opt-out from the environment": (
        {"VOLUNTEER_ALLOW_WEAK_SECRET_KEY_FOR_TESTS": "true"},
        None,
    ),
    "DEBUG and TESTING in instance/config.py": ({}, "DEBUG = True\nTESTING = True\n"),
    "the opt-out in instance/config.py": ({}, "ALLOW_WEAK_SECRET_KEY_FOR_TESTS = True\n"),
}


@pytest.mark.parametrize("key", WEAK_KEYS.values(), ids=WEAK_KEYS.keys())
@pytest.mark.parametrize(("environment", "instance_config"), FLAGS.values(), ids=FLAGS.keys())
def test_a_weak_secret_key_is_refused_whatever_flags_the_server_sets(
    clean_env, monkeypatch, key, environment, instance_config
):
    """gunicorn 'volunteer:create_app()' with a guessable key: cookies anyone could forge."""
    monkeypatch.setenv("VOLUNTEER_SECRET_KEY", key)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    if instance_config:
        (clean_env / "config.py").write_text(instance_config, encoding="utf-8")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_testing_and_debug_flags_in_the_factory_mapping_do_not_skip_the_key_check(clean_env):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"TESTING": True, "DEBUG": True, "SECRET_KEY": "short"})


def test_only_the_test_suites_own_opt_out_lets_a_weak_key_through(clean_env):
    app = create_app({**WEAK_KEY_ALLOWED, "SECRET_KEY": "short"})
    assert app.config["SECRET_KEY"] == "short"


@pytest.mark.parametrize(
    "key", [STRONG_KEY, "密" * 11], ids=["64 hex digits", "11 Chinese characters (33 bytes)"]
)
def test_production_starts_with_a_long_secret_key_from_the_environment(clean_env, monkeypatch, key):
    monkeypatch.setenv("VOLUNTEER_SECRET_KEY", key)
    app = create_app()
    assert app.config["SECRET_KEY"] == key
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{clean_env / 'volunteer.db'}"


def test_environment_overrides_instance_config(clean_env, monkeypatch):
    (clean_env / "config.py").write_text(
        f"SECRET_KEY = {STRONG_KEY!r}\nTIMEZONE = 'Asia/Urumqi'\n", encoding="utf-8"
    )
    assert create_app().config["TIMEZONE"] == "Asia/Urumqi"
    monkeypatch.setenv("VOLUNTEER_TIMEZONE", "Asia/Shanghai")
    monkeypatch.setenv("VOLUNTEER_DATABASE_URL", "postgresql+psycopg://u@db/volunteer")
    app = create_app()
    assert app.config["SECRET_KEY"] == STRONG_KEY
    assert app.config["TIMEZONE"] == "Asia/Shanghai"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/volunteer"


def test_defaults_are_chinese_and_shanghai(clean_env):
    app = create_app(WEAK_KEY_ALLOWED)
    assert app.config["BABEL_DEFAULT_LOCALE"] == "zh_Hans_CN"
    assert app.config["TIMEZONE"] == "Asia/Shanghai"


def test_behind_a_proxy_the_client_address_comes_from_x_forwarded_for(clean_env):
    from flask import request

    app = create_app({**WEAK_KEY_ALLOWED, "PROXY_HOPS": 1})

    @app.route("/whoami-test")
    def whoami():
        return request.remote_addr

    response = app.test_client().get("/whoami-test", headers={"X-Forwarded-For": "10.1.2.3"})
    assert response.get_data(as_text=True) == "10.1.2.3"


def test_production_warns_when_each_process_counts_login_attempts_alone(
    clean_env, monkeypatch, caplog
):
    monkeypatch.setenv("VOLUNTEER_SECRET_KEY", STRONG_KEY)
    with caplog.at_level(logging.WARNING):
        create_app()
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("RATELIMIT_STORAGE_URI=redis://" in message for message in warnings)


def test_tests_and_a_disabled_limiter_start_without_the_warning(clean_env, monkeypatch, caplog):
    monkeypatch.setenv("VOLUNTEER_SECRET_KEY", STRONG_KEY)
    with caplog.at_level(logging.WARNING):
        create_app({"TESTING": True})
        create_app({"RATELIMIT_ENABLED": False})
    assert not [r for r in caplog.records if "RATELIMIT_STORAGE_URI" in r.getMessage()]


@pytest.mark.parametrize(
    ("settings", "unshared"),
    [
        ({}, True),
        ({"RATELIMIT_STORAGE_URI": "memory://"}, True),
        ({"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"}, False),
        ({"RATELIMIT_STORAGE_URI": "memcached://127.0.0.1:11211"}, False),
        ({"RATELIMIT_STORAGE_URI": "memory://", "RATELIMIT_ENABLED": False}, False),
    ],
)
def test_limits_are_unshared_only_in_each_processes_memory(settings, unshared):
    assert rate_limits_unshared(settings) is unshared
