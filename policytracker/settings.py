"""Settings for policytracker, read from environment variables.

Django's own variables carry a ``DJANGO_`` prefix; ``DATABASE_URL`` and ``REDIS_URL``
keep their usual names. With nothing set, the site runs on a local SQLite file with
DEBUG off, and refuses to start without a real secret key.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

# The development key is public (it is in this file); it may only be used with DEBUG on.
INSECURE_DEV_SECRET_KEY = "django-insecure-policytracker-development-only"

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a yes/no value; use one of "
        f"{sorted(TRUE_WORDS | FALSE_WORDS - {''})}."
    )


def env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip()
# Without a real key (DEBUG off), the site refuses to start: policytracker/wsgi.py
# and asgi.py (which runserver loads too) raise this message, and so does
# `check --deploy`. Commands that serve nothing (migrate, makemigrations, check) still
# run, so that developers and tools can work without a production secret.
SECRET_KEY_PROBLEM = ""
if DEBUG:
    SECRET_KEY = SECRET_KEY or INSECURE_DEV_SECRET_KEY
elif not SECRET_KEY:
    SECRET_KEY_PROBLEM = (
        "DJANGO_SECRET_KEY is not set. Set it to a long random value in production, "
        "or set DJANGO_DEBUG=1 for local development."
    )
elif SECRET_KEY == INSECURE_DEV_SECRET_KEY or len(SECRET_KEY) < 50:
    SECRET_KEY_PROBLEM = (
        "DJANGO_SECRET_KEY is the development key or shorter than 50 characters; "
        "the site will not run in production with it."
    )
if SECRET_KEY_PROBLEM:
    # Empty: Django refuses to sign anything (sessions, CSRF) with it.
    SECRET_KEY = ""

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else ""
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "csp",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "reversion",
    "policytracker",
    "statements",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "policytracker.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "statements.middleware.ScheduledPublicationMiddleware",
    # After every middleware that adds a header (a page served from the cache gets
    # them all) and before sessions, CSRF, authentication and messages, which a page
    # served from the cache has no use for: it goes only to requests without a
    # session cookie, and a hit then costs little more than a static file.
    "statements.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "policytracker.middleware.RefuseNulMiddleware",
    # Turns a sign-in refused for too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "policytracker.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "policytracker.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"].get("ENGINE") == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # Readers are not blocked by a writer (WAL), a writer waits for another
        # instead of failing at once (IMMEDIATE, timeout), and pages are read from
        # memory-mapped file pages rather than copied in by a read() each.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA mmap_size=268435456; PRAGMA cache_size=-32000"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
if os.environ.get("DJANGO_TEST_DATABASE_NAME"):
    # Lets two suites share one PostgreSQL server without dropping each other's database.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["DJANGO_TEST_DATABASE_NAME"]}

# Whole pages for anonymous readers, kept per version of the record (page_cache.py).
# DJANGO_PAGE_CACHE=off serves every page fresh, to measure pages as they are built.
PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", default=True)
# Paths the page cache leaves alone entirely: editors' pages and the health check.
PAGE_CACHE_EXEMPT_PATHS = ["/admin/", "/staff/", "/healthz"]

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "admin:login"

# Sign-in throttling (django-axes): after 5 wrong passwords for one account, or from
# one address, sign-ins are refused for 30 minutes (each further failure starts the
# wait again); a right password before that clears the count. Editors unlock at once
# in the admin (Axes: Access attempts) or with `manage.py axes_reset_username NAME`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "policytracker.throttling.locked_out"
AXES_CLIENT_IP_CALLABLE = "policytracker.throttling.client_address"

# The read-only API (/api/): public data only, so it authenticates nobody; JSON only;
# errors as {"error": ...}. CORS lets any site read it, and only it.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.views.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "policytracker API",
    "DESCRIPTION": "Read-only data of policytracker: published statements of "
    "law-enforcement agencies on immigration-enforcement orders, with their "
    "positions, the agencies and orders, and 287(g) agreements from ICE's lists.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.allow_empty_query_values",
    ],
    # Swagger UI from the sidecar package's static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The vocabularies appear in filters and in fields: one schema name each.
    "ENUM_NAME_OVERRIDES": {
        "Stance": "statements.choices.Stance",
        "MandateView": "statements.choices.MandateView",
    },
}
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

# The site address used in feeds, sitemaps and canonical links when there is no request.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Strict Content Security Policy: no inline script or style anywhere on the public site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Browser features the site never uses, refused to every page and frame
# (policytracker/middleware.py sends the header). An empty list means "nobody".
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media",
        "fullscreen", "geolocation", "gyroscope", "magnetometer", "microphone",
        "midi", "payment", "picture-in-picture", "publickey-credentials-get",
        "screen-wake-lock", "sync-xhr", "usb", "xr-spatial-tracking",
    )
}  # fmt: skip

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("DJANGO_BEHIND_TLS_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING"),
    },
}
