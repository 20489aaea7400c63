"""Settings: defaults, then instance/config.py, then VOLUNTEER_* environment variables."""

from datetime import timedelta

# A key that ships with the code is no secret; production refuses to start with it.
DEFAULT_SECRET_KEY = "dev-only-change-me"


class DefaultConfig:
    """Defaults for a single-machine deployment on SQLite."""

    SECRET_KEY = DEFAULT_SECRET_KEY
    SQLALCHEMY_DATABASE_URI: str | None = None  # filled with instance/volunteer.db when unset
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    TIMEZONE = "Asia/Shanghai"
    BABEL_DEFAULT_LOCALE = "zh_Hans_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = {"zh_Hans_CN": "中文", "en": "English"}
    ORGANISATION_NAME = "志愿服务时长登记"

    # A login lasts a working day; "remember me" keeps phones signed in for scans.
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_NAME = "remember_token"
    # Set both to True (VOLUNTEER_SESSION_COOKIE_SECURE=true …) once the site is served over TLS.
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False

    # Number of reverse proxies in front of the app whose X-Forwarded-* headers to trust.
    PROXY_HOPS = 0
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute;50 per hour"
    PUBLIC_RATE_LIMIT = "30 per minute"

    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead, so long forms don't expire
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    PASSWORD_HASH_METHOD = "scrypt"
    ROSTER_PAGE_SIZE = 50
    IMPORT_MAX_ROWS = 100_000

    # Environment names that map to Flask's own setting names.
    ENV_ALIASES = {
        "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
        "DEFAULT_LOCALE": "BABEL_DEFAULT_LOCALE",
    }


class ConfigError(RuntimeError):
    """The configuration cannot run safely."""
