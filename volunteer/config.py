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

    # Rules for hours (DESIGN §3); each is a setting, these are the defaults.
    SIGN_IN_OPENS_MINUTES_BEFORE = 60
    SIGN_OUT_CLOSES_MINUTES_AFTER = 120
    MAX_SESSIONS_PER_ACTIVITY_PER_DAY = 3
    DAILY_MANAGER_REVIEW_HOURS = 8
    DAILY_ADMIN_REVIEW_HOURS = 12
    # Targets (DESIGN §1, §4) for a year an administrator has not set: 100% and 48 h.
    DEFAULT_REGISTRATION_RATE_TARGET = 1
    DEFAULT_HOURS_TARGET = 48
    # A records .xlsx above this asks for a month or a smaller unit (or the CSV, which streams).
    XLSX_RECORDS_MAX_ROWS = 50_000

    # QR codes (DESIGN §5): a new activity token every 30 s, each accepted for 90 s.
    QR_ROTATE_SECONDS = 30
    QR_ACCEPT_SECONDS = 90
    # After a valid scan, how long the volunteer has to log in and confirm.
    SCAN_TICKET_MINUTES = 15
    MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
    # A TrueType CJK font the PDFs embed (Debian: fonts-wqy-zenhei); without it they fall back
    # to reportlab's built-in STSong-Light, which the reader's PDF viewer must supply.
    CJK_FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"

    # Environment names that map to Flask's own setting names.
    ENV_ALIASES = {
        "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
        "DEFAULT_LOCALE": "BABEL_DEFAULT_LOCALE",
    }


class ConfigError(RuntimeError):
    """The configuration cannot run safely."""
