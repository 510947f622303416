"""The portal's default settings: safe on one machine, nothing to install.

SQLite and the stored files live in the data folder (bidkit/portal/home.py); ``DATABASE_URL``
switches to PostgreSQL and ``BIDKIT_PORTAL_STORAGE=s3`` to an S3-compatible store.  Debug is
off.  Cookies are not marked Secure here, because ``bidkit portal serve`` speaks plain HTTP on
127.0.0.1; behind TLS use :mod:`bidkit.portal.settings_production`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import django_stubs_ext

from bidkit.portal.home import portal_home, secret_key

django_stubs_ext.monkeypatch()  # ModelAdmin[Firm], QuerySet[Firm] and the like at run time, as typed
PORTAL_DIR = Path(__file__).resolve().parent
HOME = portal_home()

SECRET_KEY = secret_key(HOME)
DEBUG = False


def listed(variable: str) -> list[str]:
    """A comma-separated environment variable as a list."""
    return [item.strip() for item in os.environ.get(variable, "").split(",") if item.strip()]


ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", *listed("BIDKIT_PORTAL_HOSTS")]
CSRF_TRUSTED_ORIGINS = listed("BIDKIT_PORTAL_ORIGINS")

INSTALLED_APPS = [
    "bidkit.portal.accounts",
    "bidkit.portal.catalogues",
    "bidkit.portal.audit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "bidkit.portal.middleware.ContentSecurityPolicy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "bidkit.portal.middleware.ProfileLanguage",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bidkit.portal.urls"
WSGI_APPLICATION = "bidkit.portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PORTAL_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bidkit.portal.accounts.context.person",
            ],
        },
    },
]


def database(url: str | None, home: Path) -> dict[str, Any]:
    """PostgreSQL (or any database dj-database-url knows) from ``url``, else SQLite in ``home``."""
    if url:
        import dj_database_url

        return dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": home / "portal.sqlite3"}


DATABASES = {"default": database(os.environ.get("DATABASE_URL"), HOME)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def file_storage(kind: str, home: Path) -> dict[str, Any]:
    """Where uploaded files go: a folder in ``home``, or an S3-compatible bucket (``kind`` 's3')."""
    if kind == "s3":
        options = {"bucket_name": os.environ.get("BIDKIT_PORTAL_S3_BUCKET", ""),
                   "endpoint_url": os.environ.get("BIDKIT_PORTAL_S3_ENDPOINT") or None,
                   "location": os.environ.get("BIDKIT_PORTAL_S3_PREFIX", "bidkit-portal"),
                   "default_acl": "private", "file_overwrite": False, "querystring_auth": True}  # fmt: skip
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    return {"BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": home / "files", "file_permissions_mode": 0o600,
                        "directory_permissions_mode": 0o700}}  # fmt: skip


STORAGES = {
    "default": file_storage(os.environ.get("BIDKIT_PORTAL_STORAGE", "folder"), HOME),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_URL = "/static/"
STATICFILES_DIRS = [PORTAL_DIR / "static"]
WHITENOISE_USE_FINDERS = True  # static files straight from the package: no collectstatic step

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before the password is tried
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/catalogues/"
LOGOUT_REDIRECT_URL = "/login/"

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hour
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_RESET_ON_SUCCESS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere: templates link static files only.
PORTAL_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")  # fmt: skip

# The largest catalogue upload, checked by the upload form (and by the server before it reads more).
PORTAL_MAX_UPLOAD_BYTES = int(os.environ.get("BIDKIT_PORTAL_MAX_UPLOAD_MB", "25")) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Firms whose current catalogue is older than this many months are listed on the overview.
PORTAL_STALE_MONTHS = int(os.environ.get("BIDKIT_PORTAL_STALE_MONTHS", "6"))

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("da", "Dansk")]
LOCALE_PATHS = [PORTAL_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Copenhagen"
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
