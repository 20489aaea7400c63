"""志愿服务时长登记: the volunteer-service hours registry."""

import os
from importlib import import_module
from pathlib import Path

from flask import Flask

from volunteer.config import (
    WEAK_KEY_OPT_OUT,
    DefaultConfig,
    check_secret_key,
    rate_limits_unshared,
    shared_storage,
)

PACKAGE_DIR = Path(__file__).resolve().parent

# The features with pages, in the order their blueprints are mounted. Each has blueprint.py
# (the Blueprint alone) and views (a module, or a package importing its view modules).
FEATURES = (
    "core",
    "auth",
    "units",
    "people",
    "registration",
    "imports",
    "audit",
    "activities",
    "teams",
    "checkin",
    "scanner",
    "records",
    "progress",
    "reports",
    "targets",
    "privacy",
    "jobs",
    "certificates",
    "commendation",
    "reminders",
)


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
    register_input_checks(app)
    register_headers(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_template_helpers(app)
    register_static_files(app)
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
    shared_storage(app.config)
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
    # DEBUG or TESTING may come from the environment of a real server: only the test suite's
    # own opt-out, passed in test_config, lets a weak key through.
    if not (test_config or {}).get(WEAK_KEY_OPT_OUT):
        check_secret_key(app.config, app.instance_path)
    if not (app.debug or app.testing) and rate_limits_unshared(app.config):
        app.logger.warning(
            "RATELIMIT_STORAGE_URI is memory://: each worker process counts login attempts on "
            "its own; set VOLUNTEER_RATELIMIT_STORAGE_URI=redis://… to share the limits."
        )


def trust_proxy(app: Flask) -> None:
    """Behind nginx, take the client's address from X-Forwarded-For (rate limits, audit log)."""
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Flask's documented way to add WSGI middleware; mypy reads wsgi_app only as a method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )


def register_input_checks(app: Flask) -> None:
    """Refuse input no view can take (a NUL character), before the extensions look at it."""
    from volunteer.core import nul_bytes

    nul_bytes.install(app)


def register_headers(app: Flask) -> None:
    """Send the content policy, browser protections and caching rule on every answer."""
    from volunteer.core import headers

    headers.install(app)


def register_extensions(app: Flask) -> None:
    """Bind the extensions created in volunteer.extensions."""
    from flask_babel import lazy_gettext

    from volunteer import i18n
    from volunteer.core.session_cookie import SigningOnceSessionInterface
    from volunteer.extensions import babel, csrf, db, limiter, login_manager, mail, migrate

    app.session_interface = SigningOnceSessionInterface()

    db.init_app(app)
    migrate.init_app(app, db, directory=_resource_dir("migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    mail.init_app(app)
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        timezone_selector=i18n.select_timezone,
        default_translation_directories=str(PACKAGE_DIR / "translations"),
    )
    i18n.install_template_gettext(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("请先登录。")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    # Importing the models registers every table on the metadata (for Alembic and create_all).
    from volunteer import models  # noqa: F401
    from volunteer.progress import roster_sync
    from volunteer.records import totals

    # Derived rows that follow each commit: yearly hour totals, then the compact roster.
    totals.install()
    roster_sync.install()
    # Background jobs: the queue (Huey), the job kinds, and queueing submitted jobs on commit.
    from volunteer.jobs import tasks

    tasks.install(app)


def register_blueprints(app: Flask) -> None:
    """Mount each feature's blueprint, once its views module has attached the routes to it."""
    for feature in FEATURES:
        import_module(f"volunteer.{feature}.views")
        app.register_blueprint(import_module(f"volunteer.{feature}.blueprint").bp)


def register_errorhandlers(app: Flask) -> None:
    """Commit at the edge of every view; render refusals and error pages in the user's language."""
    from volunteer.core import edge
    from volunteer.core.error_pages import register

    edge.install(app)
    register(app)


def register_commands(app: Flask) -> None:
    """Add the operator commands (flask --app volunteer …)."""
    from volunteer.auth.cli import create_admin
    from volunteer.certificates.cli import certificates, signing_key
    from volunteer.core.backup import backup
    from volunteer.demo.cli import demo_data
    from volunteer.jobs.cli import worker
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
        backup,
        worker,
        certificates,
        signing_key,
    ):
        app.cli.add_command(command)


def register_static_files(app: Flask) -> None:
    """Serve the hashed, compressed copies of the static files, when they are built."""
    from volunteer.core import static_files

    static_files.install(app)


def register_template_helpers(app: Flask) -> None:
    """Expose formatting and permission helpers to every template."""
    from volunteer.core.templating import register

    register(app)
