"""Settings: defaults, then instance/config.py, then VOLUNTEER_* environment variables."""

from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

# A key that ships with the code is no secret: the app refuses to start with it.
DEFAULT_SECRET_KEY = "dev-only-change-me"
# Session and remember cookies, activity QR codes and tickets are signed with the key: a short
# one can be guessed offline from any cookie (`make run` writes 64 hex digits).
MIN_SECRET_KEY_BYTES = 32
# The only way around the key check, for the test suite: it must be in the mapping passed to
# create_app(); from instance/config.py or the environment it is ignored.
WEAK_KEY_OPT_OUT = "ALLOW_WEAK_SECRET_KEY_FOR_TESTS"


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
    # The cookie is signed again only when the session changes, not on every answer: the login
    # loader marks it changed each time it notes the login as seen (every 5 minutes,
    # auth/queries.py SEEN_EVERY), which keeps the 8 hours counting from the last use.
    SESSION_REFRESH_EACH_REQUEST = False
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
    # Per account, counted in the database so that every worker process counts the same: after
    # this many wrong passwords in a row the account is locked for LOGIN_LOCK_MINUTES; each
    # further wrong one (once the lock has ended) doubles the lock, up to LOGIN_LOCK_MAX_MINUTES.
    LOGIN_LOCK_AFTER_FAILURES = 10
    LOGIN_LOCK_MINUTES = 15
    LOGIN_LOCK_MAX_MINUTES = 24 * 60
    PUBLIC_RATE_LIMIT = "30 per minute"
    # Searches for people (scanner, make-up), per account: enough for a busy desk, too few to
    # dig phone numbers out of the registry by trial.
    SEARCH_RATE_LIMIT = "30 per minute"

    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead, so long forms don't expire
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    PASSWORD_HASH_METHOD = "scrypt"
    ROSTER_PAGE_SIZE = 50
    # What an import file may hold (volunteer/imports/limits.py), checked before it is parsed
    # or as it is read: rows (blank rows count), characters in a cell, columns in a row, cells
    # in a sheet (empty ones Excel wrote count), and the file's bytes.
    IMPORT_MAX_ROWS = 100_000
    IMPORT_MAX_CELL_CHARS = 1_000
    IMPORT_MAX_COLUMNS = 200
    IMPORT_MAX_CELLS = 2_000_000
    IMPORT_MAX_FILE_BYTES = 20 * 1024 * 1024
    # An .xlsx is a zip: its parts, their unpacked sizes, and how far each may unpack. A sheet
    # of 100,000 rows written with inline strings (as openpyxl writes) unpacks to about 55 MB.
    IMPORT_MAX_XLSX_PARTS = 1_000
    IMPORT_MAX_XLSX_BYTES = 100 * 1024 * 1024
    IMPORT_MAX_XLSX_SHEET_BYTES = 80 * 1024 * 1024
    IMPORT_MAX_XLSX_SHARED_STRINGS_BYTES = 20 * 1024 * 1024
    IMPORT_MAX_XLSX_OTHER_PART_BYTES = 5 * 1024 * 1024
    IMPORT_MAX_XLSX_RATIO = 100
    IMPORT_XLSX_RATIO_FROM_BYTES = 2 * 1024 * 1024
    # An upload of more rows than this is applied by the background worker (volunteer/jobs).
    IMPORT_JOB_ROWS = 3000

    # Rules for hours (docs/rules.md §3); each is a setting, these are the defaults.
    SIGN_IN_OPENS_MINUTES_BEFORE = 60
    SIGN_OUT_CLOSES_MINUTES_AFTER = 120
    MAX_SESSIONS_PER_ACTIVITY_PER_DAY = 3
    DAILY_MANAGER_REVIEW_HOURS = 8
    DAILY_ADMIN_REVIEW_HOURS = 12
    # Targets (docs/rules.md §4.1) for a year an administrator has not set: 100% and 48 h.
    DEFAULT_REGISTRATION_RATE_TARGET = 1
    DEFAULT_HOURS_TARGET = 48
    # A records .xlsx above this asks for a month or a smaller unit (or the CSV, which streams).
    XLSX_RECORDS_MAX_ROWS = 50_000

    # Background jobs (volunteer/jobs): Huey keeps its queue in instance/huey.db unless
    # REDIS_URL (redis://host:6379/0) or HUEY_URL names another; with REDIS_URL set, the rate
    # limits are counted there too (shared_storage). Files go to JOBS_FOLDER (instance/jobs).
    REDIS_URL: str | None = None
    HUEY_URL: str | None = None
    HUEY_IMMEDIATE = False
    JOBS_FOLDER: str | None = None
    # A running job whose worker has not beaten for this long is failed (or run again).
    JOB_STALE_SECONDS = 60
    # Finished files are deleted this many days after their job ended (the row stays).
    JOB_KEEP_DAYS = 7
    # Extra modules that register job kinds (volunteer/jobs/registry.py task_kind).
    JOB_KIND_MODULES: tuple[str, ...] = ()
    # A unit with more eligible people than this prints its certificates as a job (about 5 ms
    # each to issue and draw: 300 keep the request within a few seconds).
    CERTIFICATES_PRINT_IN_REQUEST = 300
    # The nightly check of the kept totals runs at this local hour.
    TOTALS_CHECK_HOUR = 3

    # QR codes (docs/rules.md §5.1): a new activity token every 30 s, each accepted for 90 s.
    QR_ROTATE_SECONDS = 30
    QR_ACCEPT_SECONDS = 90
    # After a valid scan, how long the volunteer has to log in and confirm.
    SCAN_TICKET_MINUTES = 15
    MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
    # A TrueType CJK font the PDFs embed (Debian: fonts-wqy-zenhei); without it they fall back
    # to reportlab's built-in STSong-Light, which the reader's PDF viewer must supply.
    CJK_FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"

    # Certificates (issue 9): cumulative hours for one to five stars (some provinces use others);
    # the signing key (PEM key + certificate, or a PKCS#12 file as the key and no certificate;
    # `flask signing-key create` makes a self-signed pair); the address the QR codes carry
    # (default: this site's own); the public verification page's rate and upload limits.
    STAR_THRESHOLDS: tuple[int, ...] = (100, 300, 600, 1000, 1500)
    CERTIFICATE_SIGNING_KEY: str | None = None
    CERTIFICATE_SIGNING_CERT: str | None = None
    CERTIFICATE_SIGNING_PASSPHRASE: str | None = None
    CERTIFICATE_BASE_URL: str | None = None
    # The hashed, compressed copies of the static files (core/static_files.py), built by
    # `make assets`; unset means volunteer/static_dist beside volunteer/static.
    STATIC_DIST_FOLDER: str | None = None
    VERIFY_RATE_LIMIT = "20 per minute"
    VERIFY_MAX_UPLOAD_BYTES = 10 * 1024 * 1024

    # Reminders (volunteer/reminders): a person is not reminded again within this many days.
    REMINDER_MIN_INTERVAL_DAYS = 3
    # E-mail for reminders, through Flask-Mail (docs/operations.md): nothing is sent until both
    # MAIL_SERVER and MAIL_DEFAULT_SENDER are set; people then get the notice in the app only.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER: str | None = None
    # Flask-Mail would suppress sending whenever TESTING is on; the tests send to a real server.
    MAIL_SUPPRESS_SEND = False
    # Seconds an SMTP server may take to answer before its reminders are marked failed.
    MAIL_TIMEOUT = 30

    # Environment names that map to Flask's own setting names.
    ENV_ALIASES = {
        "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
        "DEFAULT_LOCALE": "BABEL_DEFAULT_LOCALE",
    }


class ConfigError(RuntimeError):
    """The configuration cannot run safely."""


def check_secret_key(config: Mapping, instance_path: str) -> None:
    """Refuse a key anyone could know or guess: missing, the shipped default, or short."""
    secret = config.get("SECRET_KEY")
    size = len(secret.encode() if isinstance(secret, str) else secret or b"")
    if secret == DEFAULT_SECRET_KEY or size < MIN_SECRET_KEY_BYTES:
        raise ConfigError(
            f"SECRET_KEY is missing, the default or shorter than {MIN_SECRET_KEY_BYTES} bytes: "
            f"set VOLUNTEER_SECRET_KEY or SECRET_KEY in {Path(instance_path) / 'config.py'}, "
            "e.g. python -c 'import secrets; print(secrets.token_hex(32))' "
            "(安全密钥未配置、为默认值或过短，拒绝启动)."
        )


def rate_limits_unshared(config: Mapping) -> bool:
    """Say whether login rate limits are counted in each process's memory (not shared)."""
    storage = str(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    return bool(config.get("RATELIMIT_ENABLED", True)) and storage.startswith("memory://")


def shared_storage(config: dict) -> None:
    """Count rate limits in the configured Redis unless another storage was named."""
    if config.get("REDIS_URL") and str(config.get("RATELIMIT_STORAGE_URI")) == "memory://":
        config["RATELIMIT_STORAGE_URI"] = config["REDIS_URL"]
