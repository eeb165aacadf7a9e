"""hoso settings: one file, driven by environment variables (HOSO_*).

Defaults give the embedded development set-up (SQLite file under var/, DEBUG on);
production sets HOSO_DEBUG=0, HOSO_SECRET_KEY, HOSO_DATABASE_URL=postgres://…, HOSO_ALLOWED_HOSTS.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HOSO_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("HOSO_DEBUG", True)
# The development key is only for the embedded default; production must set HOSO_SECRET_KEY.
SECRET_KEY = env_str("HOSO_SECRET_KEY") or "insecure-development-key-change-me"
if not DEBUG and SECRET_KEY.startswith("insecure"):
    raise RuntimeError("HOSO_SECRET_KEY must be set when HOSO_DEBUG=0")
# Key for field encryption (CCCD) and the blind index used to search it; 32 bytes, hex.
FIELD_ENCRYPTION_KEY = env_str("HOSO_FIELD_KEY") or "00" * 32
if not DEBUG and not env_str("HOSO_FIELD_KEY"):
    raise RuntimeError("HOSO_FIELD_KEY must be set when HOSO_DEBUG=0 (64 hex characters)")
if len(FIELD_ENCRYPTION_KEY) != 64 or set(FIELD_ENCRYPTION_KEY.lower()) - set("0123456789abcdef"):
    raise RuntimeError("HOSO_FIELD_KEY must be 64 hex characters (32 bytes)")
ALLOWED_HOSTS = env_list("HOSO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "core",
    "accounts",
    "orgs",
    "people",
    "audit",
    "coordination",
    "inspections",
    "documents",
    "vetting",
    "positions",
    "admission",
    "travel",
    "django_tasks",
    "django_tasks_db",
    "jobs",
    "reports",
    "transfer",
]

MIDDLEWARE = [
    # Outermost: a database outage anywhere below becomes a clear 503 (core/db_unavailable.py).
    "core.db_unavailable.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.RequestContextMiddleware",
    "core.replica.ReplicaRoutingMiddleware",
    "accounts.middleware.OtpRequiredMiddleware",
    "core.access.AccessPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hoso.urls"
WSGI_APPLICATION = "hoso.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# --- Database: SQLite file by default, HOSO_DATABASE_URL=postgres://… for PostgreSQL ---------
DATABASE_URL = env_str("HOSO_DATABASE_URL") or f"sqlite:///{VAR_DIR / 'hoso.sqlite3'}"
# Persistent connections in production; the test script sets 0 so live-server threads close theirs.
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("HOSO_DB_CONN_MAX_AGE", 60))
}
_db = DATABASES["default"]
# A persistent connection that died (database restarted) is replaced before the next request.
_db["CONN_HEALTH_CHECKS"] = True
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["CONN_MAX_AGE"] = 0
    _db["OPTIONS"] = {
        # IMMEDIATE: writers take the lock at BEGIN, so concurrent saves wait instead of failing.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
            " PRAGMA cache_size=-64000;"
        ),
    }
# Parallel test runs (several developers on one machine) keep apart with a suffix.
_db["TEST"] = {"NAME": "test_hoso" + env_str("HOSO_TEST_DB_SUFFIX")} if _db[
    "ENGINE"
] != "django.db.backends.sqlite3" else {}
IS_POSTGRES = _db["ENGINE"].startswith("django.db.backends.postgresql")
if IS_POSTGRES:
    # A database host that does not answer at all (fail-over, cut network) fails a request in
    # seconds with the 503 page instead of holding a web worker until the kernel gives up.
    _db.setdefault("OPTIONS", {})["connect_timeout"] = env_int("HOSO_DB_CONNECT_TIMEOUT", 5)
# Read replicas (PostgreSQL streaming replicas): page reads go to one of them, writes and reads
# inside a transaction to the primary; see hoso/db_router.py for the read-your-own-write rule.
for _number, _url in enumerate(env_list("HOSO_REPLICA_URLS", ""), start=1):
    DATABASES[f"replica{_number}"] = dj_database_url.parse(
        _url, conn_max_age=env_int("HOSO_DB_CONN_MAX_AGE", 60))
    DATABASES[f"replica{_number}"]["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{_number}"]["CONN_HEALTH_CHECKS"] = True
REPLICA_DATABASES = [alias for alias in DATABASES if alias.startswith("replica")]
# Behind pgBouncer in transaction pooling mode server-side cursors (.iterator()) cannot work.
if env_bool("HOSO_PGBOUNCER", False):
    for _alias in DATABASES:
        DATABASES[_alias]["DISABLE_SERVER_SIDE_CURSORS"] = True
REPLICA_STICKY_SECONDS = env_int("HOSO_REPLICA_STICKY_SECONDS", 15)
DATABASE_ROUTERS = ["hoso.db_router.ReplicaRouter"] if REPLICA_DATABASES else []

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Session: idle timeout (seconds), renewed on each request; closed with the browser.
SESSION_COOKIE_AGE = env_int("HOSO_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG

# Lockout after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = env_int("HOSO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("HOSO_LOCKOUT_MINUTES", 30))
# Lock by account, not by address: an office sits behind one NAT address, and locking that
# address would lock the whole office out after one person's typos.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "hoso"

# --- Internationalisation: Vietnamese first, English second ---------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Dates dd/mm/yyyy and numbers "2.611" in both languages (hoso/formats/<lang>/formats.py).
# USE_THOUSAND_SEPARATOR stays off so ids in links and hidden fields are never grouped;
# templates group counts explicitly with Django's `floatformat:"g"` (gives "2.611" in vi).
FORMAT_MODULE_PATH = ["hoso.formats"]

# --- Static files: all vendored, nothing from a CDN -----------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("HOSO_STATIC_ROOT") or (VAR_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on each start without it
# Production serves them itself with whitenoise (no CDN, no separate web server needed): after
# `manage.py collectstatic` the files carry a content hash in their name, are pre-compressed and
# cached for a year. Without a collected manifest (development, or collectstatic forgotten, which
# `check --deploy` reports as hoso.W001) whitenoise serves the source folders unhashed.
STATIC_COLLECTED = (STATIC_ROOT / "staticfiles.json").exists()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "hoso.staticstorage.HosoStaticStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or not STATIC_COLLECTED

# --- Security headers -----------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("HOSO_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# "preload" is harmless on a closed network (internal names are never on browsers' list) and
# keeps `check --deploy` clean; HOSO_HSTS_PRELOAD=0 drops it.
SECURE_HSTS_PRELOAD = env_bool("HOSO_HSTS_PRELOAD", not DEBUG)
# The reverse proxy in front (nginx/HAProxy) terminates TLS and must set (overwrite) this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Added by core.middleware.SecurityHeadersMiddleware: no browser feature is needed by any page.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(),"
    " payment=(), usb=(), interest-cohort=()"
)
CSRF_TRUSTED_ORIGINS = env_list("HOSO_CSRF_TRUSTED_ORIGINS", "")

# Field lengths users may type; longer input gets a clear error instead of a truncation.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploads larger than 2.5 MB are spooled to a temporary file before the documents app encrypts
# them: in production point this at a protected (encrypted, non-shared) volume.
FILE_UPLOAD_TEMP_DIR = env_str("HOSO_UPLOAD_TEMP_DIR") or None
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Document attachments: stored encrypted here, never served by the static server (downloads go
# through the documents app, which logs and watermarks them); the size limit of one file.
HOSO_ATTACHMENT_DIR = Path(env_str("HOSO_ATTACHMENT_DIR") or (VAR_DIR / "attachments"))
HOSO_ATTACHMENT_MAX_BYTES = env_int("HOSO_ATTACHMENT_MAX_BYTES", 50 * 1024 * 1024)
# Unit fields list every unit of the scope up to this many; above it, the units near the record
# and a search box (orgs/widgets.py).
HOSO_UNIT_SELECT_LIMIT = env_int("HOSO_UNIT_SELECT_LIMIT", 1000)
# A large import's dry run shares the rows with a helper process (PostgreSQL, 2+ cores).
HOSO_IMPORT_HELPER = env_bool("HOSO_IMPORT_HELPER", True)

# Report templates an administrator may replace (DOCX/HTML files with the shipped names); a file
# missing here falls back to the default in reports/doc_templates/.
HOSO_REPORT_TEMPLATE_DIR = Path(env_str("HOSO_REPORT_TEMPLATE_DIR")
                                or (VAR_DIR / "report_templates"))

# Background work (report generation, imports, exports): django-tasks with its database backend,
# run by `manage.py db_worker` (started by `make run`). Under pytest, or with
# HOSO_TASKS_IMMEDIATE=1, a task runs at once in the caller, so tests see its result directly.
TASKS_IMMEDIATE = env_bool("HOSO_TASKS_IMMEDIATE", "pytest" in sys.modules)
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TASKS_IMMEDIATE
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    },
    # Always the database queue, whatever the default: tests prove the real worker path with it.
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("HOSO_LOG_LEVEL", "WARNING")},
}
