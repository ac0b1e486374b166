"""Settings for taizhang. Every value comes from a TAIZHANG_* environment variable (see .env.example).

The embedded defaults give a working single-machine install: SQLite in WAL mode, a huey queue and a cache
shared by every process, kept in the data directory. PostgreSQL, MariaDB and Redis are switched on by their
URLs.

No variable weakens security: Argon2 password hashing and the login lockout (django-axes) are always on here.
The test suite's shortcuts (a fast hasher, tasks run in the calling process, no lockout) live in
config/settings_test.py, which pytest selects; nothing in this module looks at how it was started.
"""

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url

from config.env import ConfigError, env_bool, env_int, env_list, env_path, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = env_path("TAIZHANG_DATA_DIR", BASE_DIR / "data")


def _check_data_dir(path: Path, *, configured: bool) -> None:
    """Stop at start when the data directory is missing (a configured one: an unmounted volume must not be
    replaced by an empty directory on the system disk) or cannot be written — tried by writing, since a
    permission check says nothing for root or a read-only mount."""
    if not path.exists():
        if configured:
            raise ConfigError(f"数据目录 {path} 不存在（环境变量 TAIZHANG_DATA_DIR）：请创建或挂载该目录后再启动")
        try:
            path.mkdir(parents=True)
        except OSError as exc:
            raise ConfigError(f"数据目录 {path} 不存在且无法创建（{exc.strerror}）") from None
    if not path.is_dir():
        raise ConfigError(f"数据目录 {path} 不是目录（环境变量 TAIZHANG_DATA_DIR）")
    probe = path / f".write-check-{os.getpid()}"
    try:
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        raise ConfigError(f"数据目录 {path} 无法写入（{exc.strerror}）：请检查目录权限、磁盘空间或是否以只读方式挂载") from None


_check_data_dir(DATA_DIR, configured=bool(env_str("TAIZHANG_DATA_DIR")))


def _secret_key() -> str:
    """The secret key: from the environment, else generated once and kept in the data directory."""
    key = env_str("TAIZHANG_SECRET_KEY")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("TAIZHANG_DEBUG", False)
ALLOWED_HOSTS = env_list("TAIZHANG_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("TAIZHANG_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "treebeard",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "huey.contrib.djhuey",
    "taizhang.core",
    "taizhang.web",
    "taizhang.orgs",
    "taizhang.audit",
    "taizhang.campaigns",
    "taizhang.ledger",
    "taizhang.research",
    "taizhang.study",
    "taizhang.matters",
    "taizhang.institutions",
    "taizhang.materials",
    "taizhang.similarity",
    "taizhang.dossier",
    "taizhang.stats",
    "taizhang.notifications",
    "taizhang.supervision",
    "taizhang.reports",
    "taizhang.opinions",
    "taizhang.imports",
    "taizhang.quality",
    "taizhang.dashboard",
    "taizhang.search",
    "taizhang.demo",
    "taizhang.api",
    "taizhang.security",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "taizhang.opinions.middleware.PublicHostMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "taizhang.security.middleware.SessionSecurityMiddleware",
    "taizhang.orgs.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "taizhang.core.middleware.RequestContextMiddleware",
    "taizhang.api.middleware.RefuseNulMiddleware",
    "taizhang.security.middleware.DenialAuditMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "taizhang" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "taizhang.web.context_processors.navigation",
                "taizhang.notifications.context_processors.unread",
            ],
        },
    },
]

# --- database -----------------------------------------------------------------------------------
_default_db = f"sqlite:///{DATA_DIR / 'taizhang.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(env_str("TAIZHANG_DATABASE_URL", _default_db))}
except Exception as exc:  # dj_database_url raises several types for a malformed URL
    raise ConfigError(f"环境变量 TAIZHANG_DATABASE_URL 无法解析：{exc}") from None
_engine = DATABASES["default"]["ENGINE"]
if _engine.endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run while one writer commits; IMMEDIATE avoids upgrade deadlocks.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
elif _engine.endswith("mysql"):
    DATABASES["default"]["OPTIONS"] = {
        "charset": "utf8mb4",
        "init_command": "SET sql_mode='STRICT_TRANS_TABLES', innodb_strict_mode=1",
        "isolation_level": "read committed",
    }
    DATABASES["default"]["TEST"] = {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env_int("TAIZHANG_DB_CONN_MAX_AGE", 60, minimum=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache, sessions, queue --------------------------------------------------------------------
REDIS_URL = env_str("TAIZHANG_REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "taizhang.core.sessions.cached"
else:
    # A cache on disk, not in memory: the web workers and the task consumer share it, so what one process changes
    # (the workday calendar's version, for one) every other process sees.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(DATA_DIR / "cache")}}

if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": env_str("TAIZHANG_QUEUE_NAME", "taizhang"),
        "url": REDIS_URL,
        "immediate": False,
        "consumer": {"workers": env_int("TAIZHANG_WORKERS", 2, minimum=1), "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "taizhang",
        "filename": str(DATA_DIR / "queue.sqlite3"),
        "immediate": False,
        "consumer": {"workers": env_int("TAIZHANG_WORKERS", 2, minimum=1), "worker_type": "thread"},
    }

# --- Excel import and export (taizhang.imports) ---------------------------------------------------
IMPORT_MAX_FILE_MB = env_int("TAIZHANG_IMPORT_MAX_FILE_MB", 30, minimum=1)
IMPORT_MAX_ROWS = env_int("TAIZHANG_IMPORT_MAX_ROWS", 200_000, minimum=10)
# Up to this many records an import writes record by record through the services (one audit event each);
# above it, it writes in bulk batches with one audit event per batch.
IMPORT_PER_RECORD_LIMIT = env_int("TAIZHANG_IMPORT_PER_RECORD_LIMIT", 1000, minimum=0)
# Files larger than this are checked and imported by a background task (the wizard's page follows its progress);
# smaller ones within the request.
IMPORT_SYNC_MAX_BYTES = env_int("TAIZHANG_IMPORT_SYNC_MAX_KB", 1024, minimum=0) * 1024
# A background check or import still unfinished after this long is taken as stopped (its transaction rolled back)
# and the batch can be run again.
IMPORT_STALL_MINUTES = env_int("TAIZHANG_IMPORT_STALL_MINUTES", 30, minimum=1)
# Exports with more problems than this run as a background task with progress and a download link.
EXPORT_SYNC_LIMIT = env_int("TAIZHANG_EXPORT_SYNC_LIMIT", 5000, minimum=0)
# Ledger exports of at least this many problems read the database in a second process while the sheet is written
# (two cores instead of one); 0 keeps every export in one process.
EXPORT_PROCESS_ROWS = env_int("TAIZHANG_EXPORT_PROCESS_ROWS", 20_000, minimum=0)

# A 通报 compares a unit on a rate (or a count of problems) only when it has at least this many problems on its
# list (or measures, for the measure rate): a unit with two problems is neither praised for 100% nor shamed for 0%.
TAIZHANG_CIRCULAR_MIN_PROBLEMS = env_int("TAIZHANG_CIRCULAR_MIN_PROBLEMS", 5, minimum=1)

# --- auth and security -------------------------------------------------------------------------
AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "taizhang.security.lockout.AddressLimitBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "taizhang.security.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("username", "display_name", "email", "phone")}},
    {"NAME": "taizhang.security.passwords.CharacterClassValidator"},
    {"NAME": "taizhang.security.passwords.UsernameValidator"},
    {"NAME": "taizhang.security.passwords.HistoryValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env_int("TAIZHANG_SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True  # the age above is an idle timeout, not an absolute one
if not REDIS_URL:
    # The database store, whose refresh tolerates a database that cannot be written (taizhang.core.faults).
    SESSION_ENGINE = "taizhang.core.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("TAIZHANG_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# TLS deployments (docs/security.md, production profile): redirect http to https and send HSTS.
SECURE_SSL_REDIRECT = env_bool("TAIZHANG_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("TAIZHANG_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("TAIZHANG_HSTS_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("TAIZHANG_HSTS_PRELOAD", False)
# Reverse proxies whose X-Forwarded-For (client address) and X-Forwarded-Proto (https) are believed; a header
# from anyone else is ignored (taizhang.core.middleware.client_ip).
TAIZHANG_TRUSTED_PROXIES = env_list("TAIZHANG_TRUSTED_PROXIES", [])
for _network in TAIZHANG_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError:
        raise ConfigError(f"环境变量 TAIZHANG_TRUSTED_PROXIES 中的「{_network}」不是地址或网段") from None
if TAIZHANG_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A session ends after this many hours whatever the activity (the idle timeout above ends it sooner).
TAIZHANG_SESSION_MAX_HOURS = env_int("TAIZHANG_SESSION_MAX_HOURS", 8, minimum=1)

# Accounts (taizhang.security): a password older than this many days must be changed at login (0: never);
# the last N passwords may not be reused; accounts without a login for TAIZHANG_DORMANT_DAYS are flagged.
TAIZHANG_PASSWORD_MAX_AGE_DAYS = env_int("TAIZHANG_PASSWORD_MAX_AGE_DAYS", 90, minimum=0)
TAIZHANG_PASSWORD_HISTORY = env_int("TAIZHANG_PASSWORD_HISTORY", 5, minimum=1)
TAIZHANG_DORMANT_DAYS = env_int("TAIZHANG_DORMANT_DAYS", 90, minimum=1)
# Second factor (TOTP) mandatory for these roles, whatever the security administrator sets on the page.
TAIZHANG_OTP_REQUIRED_ROLES = env_list("TAIZHANG_OTP_REQUIRED_ROLES", [])
OTP_TOTP_ISSUER = env_str("TAIZHANG_SITE_NAME", "台账")


def _audit_key() -> str:
    """The key of the audit hash chain (HMAC), kept outside the database: TAIZHANG_AUDIT_KEY or the file
    TAIZHANG_AUDIT_KEY_FILE. Empty: the chain is a plain SHA-256 chain (`taizhang check --deploy` says so)."""
    key = env_str("TAIZHANG_AUDIT_KEY")
    path = env_str("TAIZHANG_AUDIT_KEY_FILE")
    if not key and path:
        try:
            key = Path(path).read_text().strip()
        except OSError as exc:
            raise ConfigError(f"环境变量 TAIZHANG_AUDIT_KEY_FILE 指向的文件「{path}」无法读取：{exc.strerror}") from None
    if key and len(key) < 32:
        raise ConfigError("留痕密钥（TAIZHANG_AUDIT_KEY / TAIZHANG_AUDIT_KEY_FILE）至少 32 个字符")
    return key


TAIZHANG_AUDIT_KEY = _audit_key()
# Audit events are kept at least this long (等保: 6 months); `taizhang audit prune` refuses anything shorter.
TAIZHANG_AUDIT_RETENTION_DAYS = env_int("TAIZHANG_AUDIT_RETENTION_DAYS", 180, minimum=180)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

AXES_FAILURE_LIMIT = env_int("TAIZHANG_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("TAIZHANG_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60
# Lock a username per client address: offices behind one NAT address must not lock each other out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Password spraying: one address failing for this many different usernames within the cool-off is refused
# for every username (taizhang.security.lockout.AddressLimitBackend).
TAIZHANG_LOGIN_ADDRESS_LIMIT = env_int("TAIZHANG_LOGIN_ADDRESS_LIMIT", 10, minimum=2)
# Attempts during a lockout do not extend it; the client address is the one taizhang trusts.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "taizhang.core.middleware.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_VERBOSE = False
AXES_ENABLED = True

from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # ECharts writes tooltip markup with style attributes; scripts stay locked to our own files.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- i18n ----------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "taizhang" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static and uploaded files -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Bootstrap and ECharts are copied out of node_modules by `make assets` (scripts/vendor_assets.py).
STATICFILES_DIRS = [BASE_DIR / "taizhang" / "static"]
STORAGES = {
    "default": {"BACKEND": "taizhang.core.storage.TaizhangStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
# An S3-compatible object store (MinIO, Ceph RGW, a cloud's OSS) for attachments instead of the data directory,
# so several app servers and workers share them without a shared file system (needs the `s3` extra).
S3_BUCKET = env_str("TAIZHANG_S3_BUCKET")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "taizhang.core.storage_s3.TaizhangS3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("TAIZHANG_S3_ENDPOINT_URL") or None,
            "region_name": env_str("TAIZHANG_S3_REGION") or None,
            "access_key": env_str("TAIZHANG_S3_ACCESS_KEY") or None,
            "secret_key": env_str("TAIZHANG_S3_SECRET_KEY") or None,
            "location": (env_str("TAIZHANG_S3_PREFIX") or "").strip("/"),
            "addressing_style": env_str("TAIZHANG_S3_ADDRESSING_STYLE") or "path",
            "verify": env_str("TAIZHANG_S3_CA_BUNDLE") or None,
        },
    }
WHITENOISE_USE_FINDERS = True  # serve straight from the finders when collectstatic has not been run
MEDIA_ROOT = DATA_DIR / "files"
UPLOAD_MAX_BYTES = env_int("TAIZHANG_UPLOAD_MAX_MB", 50, minimum=1) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- mail ----------------------------------------------------------------------------------------
EMAIL_HOST = env_str("TAIZHANG_SMTP_HOST", "localhost")
EMAIL_PORT = env_int("TAIZHANG_SMTP_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("TAIZHANG_SMTP_USER")
EMAIL_HOST_PASSWORD = env_str("TAIZHANG_SMTP_PASSWORD")
EMAIL_USE_TLS = env_bool("TAIZHANG_SMTP_TLS", False)
DEFAULT_FROM_EMAIL = env_str("TAIZHANG_MAIL_FROM", "taizhang@localhost")

# --- product settings -----------------------------------------------------------------------------
TAIZHANG_SITE_NAME = env_str("TAIZHANG_SITE_NAME", "台账")
# The address people reach the site at; robot and e-mail reminders carry links built on it.
TAIZHANG_BASE_URL = env_str("TAIZHANG_BASE_URL", "").rstrip("/")
TAIZHANG_API_TOKEN_DAYS = env_int("TAIZHANG_API_TOKEN_DAYS", 90, minimum=1)

# Group robots post only to the platforms' own hosts (企业微信, 钉钉, 飞书) over https, to public addresses.
# A self-hosted platform (政务钉钉, 政务微信 …) is added here by the system administrator: its host names
# (".example.gov.cn" allows subdomains), http if it has no TLS, and the intranet networks it lives in.
# Office-made report templates render in a child process under these limits (taizhang.reports.sandbox); the
# upload check gets the shorter time. Template jobs of one unit queued or running at once are capped so that
# one unit cannot occupy every worker; a job still "running" after TAIZHANG_REPORT_STALE_MINUTES was lost to
# a restart and is marked failed.
TAIZHANG_TEMPLATE_MAX_SECONDS = env_int("TAIZHANG_TEMPLATE_MAX_SECONDS", 30, minimum=1)
TAIZHANG_TEMPLATE_CHECK_SECONDS = env_int("TAIZHANG_TEMPLATE_CHECK_SECONDS", 10, minimum=1)
TAIZHANG_TEMPLATE_MAX_ITERATIONS = env_int("TAIZHANG_TEMPLATE_MAX_ITERATIONS", 200_000, minimum=100)
TAIZHANG_TEMPLATE_MAX_OUTPUT_MB = env_int("TAIZHANG_TEMPLATE_MAX_OUTPUT_MB", 20, minimum=1)
TAIZHANG_TEMPLATE_MAX_MEMORY_MB = env_int("TAIZHANG_TEMPLATE_MAX_MEMORY_MB", 512, minimum=64)
TAIZHANG_TEMPLATE_JOBS_PER_UNIT = env_int("TAIZHANG_TEMPLATE_JOBS_PER_UNIT", 1, minimum=1)
TAIZHANG_REPORT_STALE_MINUTES = env_int("TAIZHANG_REPORT_STALE_MINUTES", 30, minimum=1)

TAIZHANG_ROBOT_EXTRA_HOSTS = env_list("TAIZHANG_ROBOT_EXTRA_HOSTS", [])
TAIZHANG_ROBOT_ALLOW_HTTP = env_bool("TAIZHANG_ROBOT_ALLOW_HTTP", False)
TAIZHANG_ROBOT_ALLOWED_NETWORKS = env_list("TAIZHANG_ROBOT_ALLOWED_NETWORKS", [])
for _network in TAIZHANG_ROBOT_ALLOWED_NETWORKS:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError:
        raise ConfigError(f"环境变量 TAIZHANG_ROBOT_ALLOWED_NETWORKS 中的「{_network}」不是网段（如 10.8.0.0/16）") from None

# Log lines: plain text, or one JSON object per line for a log collector (production profile). They go to
# stderr — stdout carries the commands' own answers (`taizhang … --json`), which a log line would corrupt;
# systemd's journal and container runtimes collect both streams alike.
TAIZHANG_LOG_FORMAT = env_str("TAIZHANG_LOG_FORMAT", "text").strip().lower()
if TAIZHANG_LOG_FORMAT not in ("text", "json"):
    raise ConfigError(f"环境变量 TAIZHANG_LOG_FORMAT 的值「{TAIZHANG_LOG_FORMAT}」无效，应为 text 或 json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "taizhang.core.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler",
                             **({"formatter": "json"} if TAIZHANG_LOG_FORMAT == "json" else {})}},
    "root": {"handlers": ["console"], "level": env_str("TAIZHANG_LOG_LEVEL", "WARNING")},
}

# 问题质量 (taizhang.quality): a statement is 万能 (generic) when at least this many other units wrote one at least
# this similar (percent, over character bigrams and trigrams); the report page may change N per request.
TAIZHANG_QUALITY_GENERIC_UNITS = env_int("TAIZHANG_QUALITY_GENERIC_UNITS", 10, minimum=1)
TAIZHANG_QUALITY_GENERIC_PERCENT = env_int("TAIZHANG_QUALITY_GENERIC_PERCENT", 85, minimum=50)
# --- The public door of 征求意见 (taizhang.opinions) ------------------------------------------------------
# Host names that serve only the public opinion form and status page (an intranet deployment exposes just
# these); every other path answers 404 there. They are allowed hosts too.
OPINIONS_PUBLIC_HOSTS = env_list("TAIZHANG_OPINIONS_PUBLIC_HOSTS", [])
ALLOWED_HOSTS = [*ALLOWED_HOSTS, *OPINIONS_PUBLIC_HOSTS]
# Submissions per client address per hour, and per round per hour; status look-ups per address per hour.
OPINIONS_PER_ADDRESS_HOURLY = env_int("TAIZHANG_OPINIONS_PER_ADDRESS_HOURLY", 10, minimum=1)
OPINIONS_PER_ROUND_HOURLY = env_int("TAIZHANG_OPINIONS_PER_ROUND_HOURLY", 300, minimum=1)
OPINIONS_LOOKUPS_HOURLY = env_int("TAIZHANG_OPINIONS_LOOKUPS_HOURLY", 60, minimum=1)
# The largest picture a resident may attach (MB).
OPINIONS_IMAGE_MAX_BYTES = env_int("TAIZHANG_OPINIONS_IMAGE_MAX_MB", 5, minimum=1) * 1024 * 1024
