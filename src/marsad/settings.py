"""Marsad settings, read from the environment only (see docs/configuration.md).

A malformed or missing value stops start-up with one line saying what to set; there
is no local_settings.py and no silent fallback (STYLE.md §5).
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from marsad.core import crypto
from marsad.core.db import database_from_url, default_database_url
from marsad.core.env import (
    check_secret_key,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_secret,
    env_str,
    env_thresholds,
    new_secret_key,
)

PACKAGE_DIR = Path(__file__).resolve().parent

DATA_DIR = Path(env_str("MARSAD_DATA_DIR", "./marsad-data")).expanduser().resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env_secret(
    "MARSAD_SECRET_KEY",
    stored_in=DATA_DIR / "secret_key",
    generate=new_secret_key,
    validate=check_secret_key,
)
MARSAD_ENCRYPTION_KEYS = [
    key.strip()
    for key in env_secret(
        "MARSAD_ENCRYPTION_KEY",
        stored_in=DATA_DIR / "encryption_key",
        generate=crypto.new_encryption_key,
        validate=crypto.check_encryption_keys,
    ).split(",")
    if key.strip()
]

# Monitoring: the post lake, and whether authors are stored under a keyed pseudonym.
MARSAD_LAKE_DIR = Path(env_str("MARSAD_LAKE_DIR", str(DATA_DIR / "lake"))).resolve()
MARSAD_PSEUDONYMISE_AUTHORS = env_bool("MARSAD_PSEUDONYMISE_AUTHORS", default=False)
MARSAD_PSEUDONYM_KEY = env_secret(
    "MARSAD_PSEUDONYM_KEY",
    stored_in=DATA_DIR / "pseudonym_key",
    generate=new_secret_key,
    validate=check_secret_key,
)

# Classification: which backend scores posts, from which model, with which lexicon.
MARSAD_CLASSIFIER_BACKEND = env_choice(
    "MARSAD_CLASSIFIER_BACKEND", "builtin", ["builtin", "onnx", "lexicon"]
)
MARSAD_CLASSIFIER_MODEL = env_str("MARSAD_CLASSIFIER_MODEL", "")
MARSAD_CLASSIFIER_THRESHOLDS = env_thresholds("MARSAD_CLASSIFIER_THRESHOLDS")
MARSAD_LEXICON = env_str("MARSAD_LEXICON", "")
# Share of flagged posts that two reviewers label, for their agreement (kappa).
MARSAD_DOUBLE_REVIEW_PERCENT = env_int(
    "MARSAD_DOUBLE_REVIEW_PERCENT", default=10, minimum=0
)

# Observatory: the public form's limits, statistics and retention of contact data.
MARSAD_REPORTS_PER_HOUR = env_int("MARSAD_REPORTS_PER_HOUR", default=10, minimum=1)
MARSAD_UPLOAD_MAX_MB = env_int("MARSAD_UPLOAD_MAX_MB", default=10, minimum=1)
MARSAD_UPLOAD_MAX_FILES = env_int("MARSAD_UPLOAD_MAX_FILES", default=5, minimum=1)
MARSAD_STATISTICS_MIN_COUNT = env_int(
    "MARSAD_STATISTICS_MIN_COUNT", default=5, minimum=1
)
MARSAD_CONTACT_RETENTION_MONTHS = env_int(
    "MARSAD_CONTACT_RETENTION_MONTHS", default=12, minimum=1
)
MARSAD_EVIDENCE_DIR = Path(
    env_str("MARSAD_EVIDENCE_DIR", str(DATA_DIR / "evidence"))
).resolve()
# Reverse proxies whose X-Forwarded-For names the real client (rate limits, audit).
MARSAD_TRUSTED_PROXIES = env_list("MARSAD_TRUSTED_PROXIES", [])

DEBUG = env_bool("MARSAD_DEBUG", default=False)
ALLOWED_HOSTS = env_list("MARSAD_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("MARSAD_CSRF_TRUSTED_ORIGINS", [])

DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL", default_database_url(DATA_DIR))
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "marsad.core.admin_site.MarsadAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "ninja",
    "marsad.core",
    "marsad.monitor",
    "marsad.cases",
    "marsad.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "marsad.core.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "marsad.urls"
WSGI_APPLICATION = "marsad.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "marsad.core.context_processors.shell",
            ],
        },
    },
]

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{VALIDATORS}.UserAttributeSimilarityValidator"},
    {
        "NAME": f"{VALIDATORS}.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": f"{VALIDATORS}.CommonPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"

# Brute-force protection: a username, or an address, is locked after
# MARSAD_LOGIN_FAILURE_LIMIT failures for MARSAD_LOGIN_LOCKOUT_MINUTES.
AXES_FAILURE_LIMIT = env_int("MARSAD_LOGIN_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = env_int("MARSAD_LOGIN_LOCKOUT_MINUTES", default=30, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

OTP_TOTP_ISSUER = env_str("MARSAD_ORGANISATION_NAME", "Marsad")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
SECURE_COOKIES = env_bool("MARSAD_SECURE_COOKIES", default=False)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A report carries at most MARSAD_UPLOAD_MAX_FILES files; bigger bodies are refused
# before they are read into memory.
DATA_UPLOAD_MAX_NUMBER_FILES = MARSAD_UPLOAD_MAX_FILES + 1
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LANGUAGES = [
    ("ar", _("Arabic")),
    ("he", _("Hebrew")),
    ("en", _("English")),
]
LANGUAGE_CODE = env_choice("MARSAD_LANGUAGE", "en", [code for code, _n in LANGUAGES])
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("MARSAD_TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Evidence is never served as media: only views that check access read it.
    "evidence": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MARSAD_EVIDENCE_DIR, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": env_str("MARSAD_LOG_LEVEL", "WARNING")},
}
