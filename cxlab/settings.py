"""One settings module, driven by environment variables (see README, "Configuration").

Defaults suit a newcomer's machine: DEBUG on, SQLite, mail printed to the console.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
import plotly
import xstatic.pkg.bootstrap
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


def env_bool(name: str, default: bool) -> bool:
    """A yes/no setting; a value that is neither (``DEBUG=flase``) stops the start-up."""
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() not in TRUE + FALSE:
        raise RuntimeError(f"{name}={value!r}: give one of {', '.join(TRUE + FALSE[:-1])}.")
    return value.strip().lower() in TRUE


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-development-key-only-for-debug" * 2)
if not DEBUG and SECRET_KEY.startswith("insecure"):
    raise RuntimeError("Set SECRET_KEY when DEBUG is off.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = "cxlab"

INSTALLED_APPS = [
    "accounts",
    "frameworks",
    "organisations",
    "campaigns",
    "assessments",
    "actions",
    "reports",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "cxlab.apps.StaticFiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks",
    "django_tasks_db",
    "auditlog",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cxlab.headers.permissions_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Names the person behind each change in the audit trail (organisations/audit.py).
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Answers a rate-limited request with cxlab's own page (accounts/limits.py).
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes asks: refuses a locked-out log-in before the view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cxlab.urls"
WSGI_APPLICATION = "cxlab.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "organisations.workspace.workspace",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes counts failed log-ins (the admin's too) before the usual check of the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# A working day's session; "Keep me logged in" on the log-in page makes it REMEMBER_ME.
SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 8) * 60 * 60
REMEMBER_ME = 30 * 24 * 60 * 60
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# Abuse limits (README, "Accounts and abuse"). Five wrong passwords for one address, or from
# one network address, lock the log-in (and the admin's) for LOCKOUT_MINUTES; a right
# password before that clears the count.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.limits.username"
AXES_CLIENT_IP_CALLABLE = "accounts.limits.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.limits.locked_out"
# Only failures are kept, not a record of every log-in: less personal data.
AXES_DISABLE_ACCESS_LOG = True
# Sign-up, password reset and survey links are counted per network address (and per e-mail
# address) with django-ratelimit, in the cache: REDIS_URL shares it between server processes.
RATELIMIT_IP_META_KEY = "accounts.limits.client_ip"
RATELIMIT_VIEW = "accounts.limits.too_many"
# Proxies in front of cxlab that append to X-Forwarded-For (0: REMOTE_ADDR is the client).
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
# A report's figures are kept per publication in "reports" (reports/cached.py): a day,
# each process its own unless REDIS_URL is set; the key changes with every publication.
REPORT_CACHE_SECONDS = env_int("REPORT_CACHE_SECONDS", 24 * 60 * 60)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "reports": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "reports",
        "TIMEOUT": REPORT_CACHE_SECONDS,
        "OPTIONS": {"MAX_ENTRIES": env_int("REPORT_CACHE_ENTRIES", 1000)},
    },
}
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        },
        "reports": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "reports",
            "TIMEOUT": REPORT_CACHE_SECONDS,
            # A 500-team organisation report keeps 1.4 MB pickled, 75 KB compressed.
            "OPTIONS": {"COMPRESSOR": "django_redis.compressors.zlib.ZlibCompressor"},
        },
    }
    SILENCED_SYSTEM_CHECKS = []
else:
    # django-ratelimit lists the process's own memory cache as unshared (it is, between
    # gunicorn workers: set REDIS_URL) and as not one it supports; django-redis it supports.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# The audit trail (organisations/audit.py; each app registers its models and fields). A
# fixture loaded is not a change; it records who and when, not from which address.
AUDITLOG_DISABLE_ON_RAW_SAVE = True
AUDITLOG_DISABLE_REMOTE_ADDR = True  # who and when, not from where
AUDITLOG_USE_FK_STRING_REPRESENTATION = True  # "team: North → South", readable without a query

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("it", _("Italian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and times by the reader's language: "1 December 2026", "1 dicembre 2026", 24-hour.
FORMAT_MODULE_PATH = ["cxlab.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Rome")
USE_I18N = True
USE_TZ = True

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Served by WhiteNoise, also in production. Without DEBUG (and without tests) the files are
# compressed and get content-hashed names at collectstatic, so they can be cached forever.
STATIC_HASHED = env_bool("STATIC_HASHED", not DEBUG)
# Without collectstatic (development, tests), WhiteNoise finds the files where they live.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_HASHED
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Third-party front-end assets come from installed packages, never from a CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
    ("plotly", Path(plotly.__file__).parent / "package_data"),
]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Mail: printed to the console unless an SMTP host is configured.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cxlab <noreply@cxlab.example>")
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Invitation links in mail are absolute: the address people reach cxlab at.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Background work (invitation mail): queued in the database, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# HTTPS: on by default without DEBUG. The load balancer in front terminates TLS and says
# so in X-Forwarded-Proto. HTTPS=0 serves plain HTTP (the benchmarks on one machine).
if env_bool("HTTPS", not DEBUG):
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# Load balancers probe the health checks over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/"]
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_REFERRER_POLICY = "same-origin"

# No inline script anywhere: cxlab's JavaScript is in static files, and chart data travels
# as JSON data blocks (json_script), which are not executed. Styles may be inline because
# plotly.js writes its own; nothing is loaded from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Everything to standard output, one line each: the process manager collects it.
    "formatters": {"line": {"format": "{asctime} {levelname} {name} {message}", "style": "{"}},
    # No line carries a survey link (cxlab/logs.py).
    "filters": {"no_survey_links": {"()": "cxlab.logs.HideSurveyLinks"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "line",
            "filters": ["no_survey_links"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # The development server's request lines, through the same handler.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # WeasyPrint reports every layout step at INFO, fontTools every font subset, and
        # django-axes its start; its lock-outs are warnings.
        **{name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "axes")},
    },
}
