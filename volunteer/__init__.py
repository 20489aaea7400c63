"""志愿服务时长登记: the volunteer-service hours registry."""

import os
from pathlib import Path

from flask import Flask

from volunteer.config import DEFAULT_SECRET_KEY, ConfigError, DefaultConfig

PACKAGE_DIR = Path(__file__).resolve().parent


def _resource_dir(name: str) -> str:
    """Find a top-level folder: inside the package when installed, beside it in a checkout."""
    packaged = PACKAGE_DIR / name
    return str(packaged if packaged.is_dir() else PACKAGE_DIR.parent / name)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, error pages, commands."""
    app = Flask(
        __name__,
        template_folder=_resource_dir("templates"),
        instance_path=os.environ.get("VOLUNTEER_INSTANCE_PATH") or None,
        instance_relative_config=True,
    )
    load_config(app, test_config)
    trust_proxy(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_template_helpers(app)
    return app


def load_config(app: Flask, test_config: dict | None) -> None:
    """Apply defaults, then instance/config.py, then VOLUNTEER_* variables, then test settings."""
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    for alias, key in DefaultConfig.ENV_ALIASES.items():
        if f"VOLUNTEER_{alias}" in os.environ:
            app.config[key] = os.environ[f"VOLUNTEER_{alias}"]
    app.config.from_prefixed_env("VOLUNTEER")
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        db_file = Path(app.instance_path) / "volunteer.db"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_file}"
    app.config["BABEL_DEFAULT_TIMEZONE"] = app.config["TIMEZONE"]
    if str(app.config["SQLALCHEMY_DATABASE_URI"]).startswith("postgresql"):
        # Report queries (a commission's breakdown) cross the JIT's cost line and spend seconds
        # compiling for a query that runs once; a web app's queries never repay it.
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options.setdefault("connect_args", {"options": "-c jit=off"})
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    if not (app.debug or app.testing):
        key = app.config.get("SECRET_KEY")
        if not key or key == DEFAULT_SECRET_KEY:
            raise ConfigError(
                "SECRET_KEY is missing or still the default: set VOLUNTEER_SECRET_KEY or "
                f"SECRET_KEY in {Path(app.instance_path) / 'config.py'} "
                "(未配置安全密钥，拒绝启动)."
            )


def trust_proxy(app: Flask) -> None:
    """Behind nginx, take the client's address from X-Forwarded-For (rate limits, audit log)."""
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_extensions(app: Flask) -> None:
    """Bind the extensions created in volunteer.extensions."""
    from flask_babel import lazy_gettext

    from volunteer import i18n
    from volunteer.extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=_resource_dir("migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        timezone_selector=i18n.select_timezone,
        default_translation_directories=str(PACKAGE_DIR / "translations"),
    )
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("请先登录。")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    # Importing the models registers every table on the metadata (for Alembic and create_all).
    from volunteer import models  # noqa: F401
    from volunteer.progress import roster
    from volunteer.records import totals

    # Derived rows that follow each commit: yearly hour totals, then the compact roster.
    totals.install()
    roster.install()


def register_blueprints(app: Flask) -> None:
    """Mount each feature's blueprint."""
    from volunteer.activities.views import bp as activities_bp
    from volunteer.audit.views import bp as audit_bp
    from volunteer.auth.views import bp as auth_bp
    from volunteer.checkin.views import bp as checkin_bp
    from volunteer.core.views import bp as core_bp
    from volunteer.imports.views import bp as imports_bp
    from volunteer.people.views import bp as people_bp
    from volunteer.progress.views import bp as progress_bp
    from volunteer.records.views import bp as records_bp
    from volunteer.registration.views import bp as registration_bp
    from volunteer.reports.views import bp as reports_bp
    from volunteer.scanner.views import bp as scanner_bp
    from volunteer.targets.views import bp as targets_bp
    from volunteer.teams.views import bp as teams_bp
    from volunteer.units.views import bp as units_bp

    for blueprint in (
        core_bp,
        auth_bp,
        units_bp,
        people_bp,
        registration_bp,
        imports_bp,
        audit_bp,
        activities_bp,
        teams_bp,
        checkin_bp,
        scanner_bp,
        records_bp,
        progress_bp,
        reports_bp,
        targets_bp,
    ):
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    """Render error pages from templates/errors/ in the user's language."""
    from volunteer.core.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    """Add the operator commands (flask --app volunteer …)."""
    from volunteer.auth.cli import create_admin
    from volunteer.demo.cli import demo_data
    from volunteer.people.cli import import_staff
    from volunteer.progress.cli import progress
    from volunteer.records.cli import (
        check_hours_totals,
        close_forgotten_sign_outs,
        import_records,
    )
    from volunteer.registration.cli import import_registrations
    from volunteer.units.cli import import_units

    for command in (
        create_admin,
        import_units,
        import_staff,
        import_registrations,
        import_records,
        close_forgotten_sign_outs,
        check_hours_totals,
        progress,
        demo_data,
    ):
        app.cli.add_command(command)


def register_template_helpers(app: Flask) -> None:
    """Expose formatting and permission helpers to every template."""
    from volunteer.core.templating import register

    register(app)
