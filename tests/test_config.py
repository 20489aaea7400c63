"""Settings layer: defaults, then instance/config.py, then VOLUNTEER_* variables."""

import pytest

from volunteer import create_app
from volunteer.config import ConfigError


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in ("VOLUNTEER_SECRET_KEY", "VOLUNTEER_DATABASE_URL", "VOLUNTEER_TIMEZONE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VOLUNTEER_INSTANCE_PATH", str(tmp_path))
    return tmp_path


def test_production_refuses_to_start_with_the_default_secret_key(clean_env):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_production_starts_with_a_secret_key_from_the_environment(clean_env, monkeypatch):
    monkeypatch.setenv("VOLUNTEER_SECRET_KEY", "a-long-random-value")
    app = create_app()
    assert app.config["SECRET_KEY"] == "a-long-random-value"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{clean_env / 'volunteer.db'}"


def test_environment_overrides_instance_config(clean_env, monkeypatch):
    (clean_env / "config.py").write_text(
        "SECRET_KEY = 'from-instance'\nTIMEZONE = 'Asia/Urumqi'\n", encoding="utf-8"
    )
    assert create_app().config["TIMEZONE"] == "Asia/Urumqi"
    monkeypatch.setenv("VOLUNTEER_TIMEZONE", "Asia/Shanghai")
    monkeypatch.setenv("VOLUNTEER_DATABASE_URL", "postgresql+psycopg://u@db/volunteer")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-instance"
    assert app.config["TIMEZONE"] == "Asia/Shanghai"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/volunteer"


def test_defaults_are_chinese_and_shanghai(clean_env):
    app = create_app({"TESTING": True})
    assert app.config["BABEL_DEFAULT_LOCALE"] == "zh_Hans_CN"
    assert app.config["TIMEZONE"] == "Asia/Shanghai"


def test_behind_a_proxy_the_client_address_comes_from_x_forwarded_for(clean_env):
    from flask import request

    app = create_app({"TESTING": True, "PROXY_HOPS": 1})

    @app.route("/whoami-test")
    def whoami():
        return request.remote_addr

    response = app.test_client().get("/whoami-test", headers={"X-Forwarded-For": "10.1.2.3"})
    assert response.get_data(as_text=True) == "10.1.2.3"
