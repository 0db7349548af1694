"""Settings, all from environment variables (DESIGN.md §8).

Embedded default: SQLite under FAZHI_DATA_DIR (default ``var/``). Production: set DEBUG=0,
SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (PostgreSQL) and REDIS_URL; ``manage.py check --deploy``
is clean then. FAZHI_INSECURE_HTTP=1 relaxes only the HTTPS-only settings, for the local demo
served over plain http on 127.0.0.1. Without SECRET_KEY the settings refuse to load unless the run is
explicitly insecure (FAZHI_INSECURE_HTTP=1, DEBUG=1, or the pytest run).
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from fazhi.core.modules import app_paths, discover, enum_names


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("FAZHI_DATA_DIR") or BASE_DIR / "var").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
# The test run is the only implicit insecure mode: pytest imports this module in-process (pytest-django), a
# server never does. A missing SECRET_KEY must never imply insecure HTTP — production fails closed instead.
TESTING = "pytest" in sys.modules
_DEV_KEY = "fazhi-insecure-development-key-only-for-local-demo-and-tests-0123456789"
INSECURE_HTTP = env_bool("FAZHI_INSECURE_HTTP", DEBUG or TESTING)
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if not SECRET_KEY or SECRET_KEY == _DEV_KEY:
    if not INSECURE_HTTP:
        raise ImproperlyConfigured(
            "生产环境必须设置 SECRET_KEY 环境变量（随机、保密，不得使用开发密钥）；"
            "仅在本机演示时可设置 FAZHI_INSECURE_HTTP=1 或 DEBUG=1 以使用开发密钥"
        )
    SECRET_KEY = _DEV_KEY

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "django_q",
    "captcha",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    # platform
    "fazhi.core",
    "fazhi.orgs",
    "fazhi.audit",
    "fazhi.workdays",
    "fazhi.security",
    "fazhi.casefiles",
    "fazhi.notifications",
]
# Domain modules are discovered, never listed: every package under fazhi/ whose apps.py defines a
# ModuleConfig (fazhi.core.modules), plus the packages named in FAZHI_EXTRA_MODULES (comma-separated),
# in manifest order. The test run adds the test-only sample module, which proves that a module joins
# the platform without editing a platform file.
_EXTRA_MODULES = os.environ.get("FAZHI_EXTRA_MODULES", "fazhi.testing.sample_module" if TESTING else "")
DOMAIN_MODULES = discover("fazhi", _EXTRA_MODULES.split(","))
INSTALLED_APPS += app_paths(DOMAIN_MODULES)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "fazhi.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "fazhi.security.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "fazhi.core.middleware.RejectNulBytesMiddleware",  # ?q=%00 → 400, not a PostgreSQL 500
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "fazhi.core.middleware.LoginRequiredMiddleware",
    "fazhi.core.middleware.DeadlineLengthsMiddleware",
    "fazhi.core.middleware.PasswordChangeRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "fazhi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fazhi.core.context_processors.platform",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'fazhi.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    if not TESTING:
        # Two processes (web + job worker, or two app servers) writing one file: a DEFERRED transaction
        # that read first cannot upgrade to a write lock while another wrote ("database is locked" at
        # once, no wait); IMMEDIATE takes the write lock at BEGIN and waits up to ``timeout``. Not for the
        # test run's shared in-memory database, whose table locks never wait: there IMMEDIATE would make
        # every concurrent transaction of the live server's threads fail instead of only the writers.
        DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
#: PostgreSQL's JIT compiles a query whose estimated cost passes jit_above_cost: a figure aggregate's many
#: FILTERed counts over a province cost ≈ 2 s of compilation for ≈ 0.2 s of execution (docs/performance.md,
#: 2026-12-01 province pages). Off for the platform's connections (``FAZHI_PG_JIT=1`` keeps the server's).
PG_OPTIONS = "" if os.environ.get("FAZHI_PG_JIT") == "1" else "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and PG_OPTIONS:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = PG_OPTIONS
# Optional read replica (fazhi.core.db_router): report, dashboard and roll-up figures read it inside
# ``replica_reads()``; writes and reads after a write stay on the primary. The test run declares the
# alias as a mirror of the test database, so the routing can be tested; it is used only when enabled.
FAZHI_READ_REPLICA = bool(os.environ.get("DATABASE_REPLICA_URL"))
if FAZHI_READ_REPLICA:
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql" and PG_OPTIONS:
        DATABASES["replica"].setdefault("OPTIONS", {})["options"] = PG_OPTIONS
elif TESTING:
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["fazhi.core.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sessions live in the database (cached in Redis when there is one): any app server reads any session.
# The cache holds nothing but the API throttle counters; with several app servers it must be shared —
# Redis, or FAZHI_CACHE=database (table made by ``manage.py createcachetable``) — or each server counts
# its own (``check --deploy`` says so; docs/deploy.md § 多台应用服务器).
REDIS_URL = os.environ.get("REDIS_URL", "")
FAZHI_CACHE = os.environ.get("FAZHI_CACHE", "").strip().lower()
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif FAZHI_CACHE == "database":
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "fazhi_cache"}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Admin model permissions by role; nobody is a superuser (三员分立, RULES.md §9).
    "fazhi.orgs.backends.RolePermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    # Length and character classes come from the security administrator's policy (floor: 8, 3 classes).
    {"NAME": "fazhi.security.passwords.PolicyLengthValidator"},
    {"NAME": "fazhi.security.passwords.PolicyCharacterClassValidator"},
    {"NAME": "fazhi.orgs.passwords.NotUsernameValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# RULES.md §9 (等保2.0 三级)
FAZHI_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("FAZHI_PASSWORD_MAX_AGE_DAYS", "90"))
# Threshold and duration come from the security administrator's policy (fazhi/security; floor 5 and
# 30 minutes); these constants are that floor, which the policy reads when no row is stored.
AXES_FAILURE_LIMIT = "fazhi.security.policy.axes_failure_limit"
AXES_COOLOFF_TIME = "fazhi.security.policy.axes_cool_off"
# Lock the pair (account, client address), not the account alone. 等保2.0 asks that repeated failures
# end the guessing (GB/T 22239 8.1.4.1 b); it does not ask that anyone on the network can shut a
# colleague out. Locking by account alone let one anonymous address lock all 78 accounts in 117 s;
# by address alone would lock a whole office behind one NAT. With the pair, the guessing address is
# stopped while the real user logs in from their own desk. Guessing spread over many addresses is
# met by the CAPTCHA after 3 failures of the account from anywhere, the per-address throttle and
# the burst alert to the security administrator (fazhi/security/README.md).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# Per-address throttle across usernames: CAPTCHA from the 3rd failure, refused once this many
# failures came from the address within the window.
FAZHI_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("FAZHI_LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
FAZHI_LOGIN_ADDRESS_WINDOW_MINUTES = 10
# Alert the security administrator on ≥ FAILURES failures across ≥ ACCOUNTS accounts within MINUTES.
FAZHI_BURST_FAILURES = int(os.environ.get("FAZHI_BURST_FAILURES", "20"))
FAZHI_BURST_ACCOUNTS = int(os.environ.get("FAZHI_BURST_ACCOUNTS", "5"))
FAZHI_BURST_MINUTES = 5
# django-simple-captcha: the image is drawn on our server (Pillow, bundled font); no audio, no CDN.
CAPTCHA_LENGTH = 4
CAPTCHA_TIMEOUT = 5
CAPTCHA_IMAGE_SIZE = (110, 38)
CAPTCHA_FONT_SIZE = 28
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "fazhi.orgs.views.lockout_response"
AXES_VERBOSE = False
# Number of reverse proxies we run in front of gunicorn (nginx = 1). The audit log, the login log
# and axes all take the client address from fazhi.audit.services.client_ip, which trusts exactly
# this many X-Forwarded-For entries and nothing when it is 0.
FAZHI_PROXY_COUNT = int(os.environ.get("FAZHI_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "fazhi.audit.services.axes_client_ip"
SESSION_COOKIE_AGE = 30 * 60
# API tokens (fazhi.orgs.tokens, django-rest-knox): stored hashed; expire after FAZHI_TOKEN_IDLE_MINUTES
# without use (each use renews) and at the latest FAZHI_TOKEN_MAX_HOURS after issue.
FAZHI_TOKEN_IDLE_MINUTES = int(os.environ.get("FAZHI_TOKEN_IDLE_MINUTES", "30"))
FAZHI_TOKEN_MAX_HOURS = int(os.environ.get("FAZHI_TOKEN_MAX_HOURS", "8"))
REST_KNOX = {
    "TOKEN_TTL": timedelta(minutes=FAZHI_TOKEN_IDLE_MINUTES),
    "AUTO_REFRESH": True,
    "AUTO_REFRESH_MAX_TTL": timedelta(hours=FAZHI_TOKEN_MAX_HOURS),
    # Renew the stored expiry at most once a minute (one write per minute per token, not per request).
    "MIN_REFRESH_INTERVAL": 60,
    "AUTH_HEADER_PREFIX": "Token",
}
# Saved when changed only: fazhi.security.middleware renews an active session once a minute.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not INSECURE_HTTP:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "fazhi" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploads and staged import files: every app server and job worker must see the same directory (a
# shared mount with several servers, docs/deploy.md), hence its own setting apart from FAZHI_DATA_DIR.
MEDIA_ROOT = Path(os.environ.get("FAZHI_MEDIA_ROOT") or DATA_DIR / "uploads").resolve()
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FAZHI_ATTACHMENT_MAX_BYTES = int(os.environ.get("FAZHI_ATTACHMENT_MAX_BYTES", str(20 * 1024 * 1024)))
# 20 MB: a 100 000-row import file (issue 17: ~8 MB as openpyxl writes it); nginx allows 25m (docs/deploy.md).
FAZHI_IMPORT_MAX_BYTES = int(os.environ.get("FAZHI_IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
# Staged import files (personal data) left behind by abandoned uploads are deleted after this many hours.
FAZHI_IMPORT_STAGING_MAX_AGE_HOURS = float(os.environ.get("FAZHI_IMPORT_STAGING_MAX_AGE_HOURS", "6"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "fazhi.orgs.tokens.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "fazhi.core.api.PasswordIsCurrent",
    ],
    "DEFAULT_PAGINATION_CLASS": "fazhi.core.api.KeysetCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "fazhi.core.api_errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("FAZHI_THROTTLE_ANON", "60/min"),
        "user": os.environ.get("FAZHI_THROTTLE_USER", "1200/min"),
    },
    "DATETIME_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "fazhi 法治政府建设工作平台 API",
    "DESCRIPTION": "行政复议、行政应诉、行政争议化解、报告等模块的接口。所有接口需要登录（会话或 Token）。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The committed docs/openapi.yaml must not depend on the database it was generated on.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "fazhi.core.api_schema.drop_backend_integer_bounds",
    ],
    # Modules reuse field names (outcome, channel, kind …) for different code lists; each module's
    # manifest names its own (ModuleConfig.enum_names).
    "ENUM_NAME_OVERRIDES": {
        "OrgUnitKindEnum": "fazhi.orgs.models.OrgUnit.Kind",
        # casefiles (issue 15 item 4): 案审/合议 kinds, approval states and the head's verdict
        "DeliberationKindEnum": "fazhi.casefiles.models.Deliberation.Kind",
        "ApprovalDecisionEnum": "fazhi.casefiles.models.Approval.Decision",
        "ApprovalVerdictEnum": "fazhi.casefiles.models.Verdict",
        **enum_names(DOMAIN_MODULES),
    },
}

# Background jobs (DESIGN §9): django-q2 on its ORM broker needs no other server; the imports module
# and others refine how their jobs are queued.
Q_CLUSTER = {
    "name": "fazhi",
    "orm": "default",
    "workers": int(os.environ.get("FAZHI_JOB_WORKERS", "1")),
    "timeout": int(os.environ.get("FAZHI_JOB_TIMEOUT", "1800")),
    "retry": int(os.environ.get("FAZHI_JOB_TIMEOUT", "1800")) + 600,
    "max_attempts": 1,
    "catch_up": False,
    "label": "后台任务",
    # imports: a failed job is final (its staged file is already deleted), so acknowledge failures
    # instead of re-running them after ``retry``; poll the ORM broker once a second.
    "ack_failures": True,
    "poll": 1,
    "save_limit": 1000,
}

# Audit chain (issue 8 items 4a, 5): committed events are sealed into the chain after commit;
# verify reports events still unsealed after this many seconds. The chain head is anchored,
# HMAC-signed with a key the database does not hold, in an append-only file (docs/deploy.md).
FAZHI_AUDIT_SEAL_GRACE_SECONDS = int(os.environ.get("FAZHI_AUDIT_SEAL_GRACE_SECONDS", "600"))
FAZHI_AUDIT_ANCHOR_KEY = os.environ.get("FAZHI_AUDIT_ANCHOR_KEY", "")
FAZHI_AUDIT_ANCHOR_KEY_FILE = os.environ.get(
    "FAZHI_AUDIT_ANCHOR_KEY_FILE", str(DATA_DIR / "audit-anchor.key")
)
FAZHI_AUDIT_ANCHOR_FILE = os.environ.get("FAZHI_AUDIT_ANCHOR_FILE", str(DATA_DIR / "audit-anchors.log"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Which government the platform serves by default (code of the root OrgUnit); the demo uses "gov".
FAZHI_GOVERNMENT_CODE = os.environ.get("FAZHI_GOVERNMENT_CODE", "gov")
# Days before a deadline at which it shows as 即将到期 (working days).
FAZHI_DUE_SOON_WORKING_DAYS = 3
# 站内通知 (fazhi.notifications): reminders this many working days before a deadline (daily job
# ``notify_deadlines``), and the optional SMS/e-mail senders (dotted paths of classes with ``send(n)``;
# the default only logs). Comma-separated in the environment.
FAZHI_NOTIFY_DEADLINE_DAYS = tuple(
    int(d) for d in os.environ.get("FAZHI_NOTIFY_DEADLINE_DAYS", "3,1").split(",") if d.strip()
)
FAZHI_NOTIFY_SENDERS = [
    p.strip()
    for p in os.environ.get("FAZHI_NOTIFY_SENDERS", "fazhi.notifications.senders.LogSender").split(",")
    if p.strip()
]
# Deadline lengths that practice varies by place: {"rule code": days}; see workdays.rules.
FAZHI_DEADLINE_OVERRIDES: dict[str, int] = {}
# LibreOffice font mapping for server-side PDF (RULES.md §8).
FAZHI_PDF_FONT_MAP = {
    "仿宋_GB2312": "Noto Serif CJK SC",
    "方正小标宋简体": "Noto Serif CJK SC",
    "楷体_GB2312": "AR PL KaitiM GB",
    "黑体": "Noto Sans CJK SC",
    "宋体": "Noto Serif CJK SC",
}
