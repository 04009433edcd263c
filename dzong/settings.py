"""Dzong's settings, read from environment variables (documented in .env.example)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

from dzong.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("DZONG_VAR_DIR", str(BASE_DIR.parent / "var")))

DEBUG = env_bool("DZONG_DEBUG", False)
# The demo installation (`make demo`): allows `dzong demo_code`. Never on in production.
DZONG_DEMO = env_bool("DZONG_DEMO", False)
# Secrets have a stand-in only for the demo and a developer's machine; elsewhere a missing one
# stays empty, so that `dzong check --deploy` fails and nothing signs with a known value.
_STAND_INS = DEBUG or DZONG_DEMO
_DEVELOPMENT_KEY = "insecure-development-key-set-DZONG_SECRET_KEY-in-production"
SECRET_KEY = env_str("DZONG_SECRET_KEY", _DEVELOPMENT_KEY if _STAND_INS else "")
ALLOWED_HOSTS = env_list("DZONG_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DZONG_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "dzong.accounts",
    "dzong.catalogue",
    "dzong.applications",
    "dzong.notifications",
    "dzong.payments",
    "dzong.certificates",
    "dzong.workflow",
    "dzong.audit",
    "dzong.organisations",
    "dzong.appeals",
    "dzong.transparency",
    "dzong.centres",
    "dzong.portal",
    "dzong.verify",
    "dzong.office",
    "dzong.designer",
    "dzong.api",
    "dzong.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages are sent compressed (static files come compressed from WhiteNoise above, which
    # answers before this runs). Django's compression pads each response at random, which
    # mitigates BREACH; it comes before every middleware that reads or writes the body.
    "django.middleware.gzip.GZipMiddleware",
    "dzong.web.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dzong.accounts.middleware.SignedInPagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "dzong.urls"
WSGI_APPLICATION = "dzong.wsgi.application"

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
                "dzong.web.staff_areas.staff_context",
                "dzong.web.offline.offline_context",
            ],
        },
    },
]

# SQLite in WAL mode by default; DATABASE_URL (postgres://...) switches to PostgreSQL.
_SQLITE_URL = f"sqlite:///{VAR_DIR / 'dzong.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _SQLITE_URL), conn_max_age=env_int("DZONG_DB_CONN_MAX_AGE", 60)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA busy_timeout=5000;",
    }
    # Tests use a file too, so that concurrent requests wait for each other as in production
    # (`make pytest` puts it in a private folder in memory-backed /dev/shm).
    # One file per test run, so that runs side by side never share one.
    _TEST_DATABASE = env_str("DZONG_TEST_DATABASE", str(VAR_DIR / f"test-{os.getpid()}.sqlite3"))
    DATABASES["default"]["TEST"] = {"NAME": _TEST_DATABASE}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "dzong.accounts.passwords.LongEnough", "OPTIONS": {"min_length": 10}},
    {"NAME": "dzong.accounts.passwords.NotLikeYourDetails"},
    {"NAME": "dzong.accounts.passwords.NotCommon"},
    {"NAME": "dzong.accounts.passwords.NotOnlyDigits"},
]

TASKS = {
    "default": {
        "BACKEND": env_str("DZONG_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Sign-in lockouts and API rate limits count in the cache, so it is one every web process
# shares: a table of the database (`dzong createcachetable` makes it), or Redis when set.
CACHES: dict[str, dict[str, object]] = {
    "default": {
        "BACKEND": env_str("DZONG_CACHE_BACKEND", "dzong.cache.DatabaseCache"),
        "LOCATION": env_str("DZONG_CACHE_LOCATION", "dzong_cache"),
    }
}
if CACHES["default"]["BACKEND"] == "dzong.cache.DatabaseCache":
    # Past this many entries the table drops a third of them, lockouts included.
    CACHES["default"]["OPTIONS"] = {"MAX_ENTRIES": env_int("DZONG_CACHE_MAX_ENTRIES", 1_000_000)}

# Dzongkha is not among Django's languages: declare it here.
LANG_INFO["dz"] = {
    "bidi": False,
    "code": "dz",
    "name": "Dzongkha",
    "name_local": "རྫོང་ཁ",
}
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("dz", _("Dzongkha"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "dzong_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SECURE = env_bool("DZONG_SECURE_COOKIES", not DEBUG)
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = env_str("DZONG_TIME_ZONE", "Asia/Thimphu")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("DZONG_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "DZONG_STATICFILES_STORAGE",
            "dzong.storage.StaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Security: secure cookies and HSTS whenever served over HTTPS (DZONG_SECURE_COOKIES).
SESSION_COOKIE_SECURE = env_bool("DZONG_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("DZONG_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("DZONG_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
DZONG_BEHIND_PROXY = env_bool("DZONG_BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if DZONG_BEHIND_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A form sent without its token gets the site's own page, in the reader's language.
CSRF_FAILURE_VIEW = "dzong.web.error_pages.csrf_failure"

# Where links in emails point; drafts untouched this long are removed, after a reminder.
DZONG_SITE_URL = env_str("DZONG_SITE_URL", "http://127.0.0.1:8000")
DZONG_DRAFT_RETENTION_DAYS = env_int("DZONG_DRAFT_RETENTION_DAYS", 30)
# A designer's test runs of a draft are removed this many days after they were started.
DZONG_TEST_RUN_RETENTION_DAYS = env_int("DZONG_TEST_RUN_RETENTION_DAYS", 7)
# A background job's claim lapses after this long (its worker is taken to be gone): longer
# than any job takes.
DZONG_JOB_LEASE_SECONDS = env_int("DZONG_JOB_LEASE_SECONDS", 600)
DZONG_DRAFT_REMINDER_DAYS = env_int("DZONG_DRAFT_REMINDER_DAYS", 7)
# Community centres: a citizen's consent not given this long after the operator asked stops
# the application; an operator sees an application they made while open and this long after.
DZONG_CENTRE_CONSENT_MINUTES = env_int("DZONG_CENTRE_CONSENT_MINUTES", 30)
DZONG_CENTRE_VISIBLE_DAYS = env_int("DZONG_CENTRE_VISIBLE_DAYS", 30)
# Working days an applicant has to correct what was sent back, and the reminder before it.
DZONG_CORRECTION_DAYS = env_int("DZONG_CORRECTION_DAYS", 10)
DZONG_CORRECTION_REMINDER_DAYS = env_int("DZONG_CORRECTION_REMINDER_DAYS", 2)
# The largest page (with its files) an applicant may send; each document has its own limit.
# Payments: the provider for online payments and the gateway's address, merchant id and secret.
DZONG_PAYMENT_PROVIDER = env_str("DZONG_PAYMENT_PROVIDER", "sandbox")
DZONG_PAYMENT_GATEWAY_URL = env_str("DZONG_PAYMENT_GATEWAY_URL", "http://127.0.0.1:8001")
DZONG_PAYMENT_MERCHANT_ID = env_str("DZONG_PAYMENT_MERCHANT_ID", "dzong-demo")
DZONG_PAYMENT_HMAC_SECRET = env_str(
    "DZONG_PAYMENT_HMAC_SECRET", "sandbox-development-secret" if _STAND_INS else ""
)
DZONG_PAYMENT_SETTLE_AFTER_SECONDS = env_int("DZONG_PAYMENT_SETTLE_AFTER_SECONDS", 300)
DZONG_MAX_REQUEST_BYTES = env_int("DZONG_MAX_REQUEST_BYTES", 25 * 1024 * 1024)
# A large file is sent in parts of at most this size, resumable where the connection drops.
DZONG_UPLOAD_PART_BYTES = env_int("DZONG_UPLOAD_PART_BYTES", 256 * 1024)

# Certificates: agency signing keys are stored encrypted with this secret (SECRET_KEY when
# empty); the Tibetan font embedded in PDFs; renewal reminders this many days before expiry.
DZONG_SIGNING_KEYS_SECRET = env_str("DZONG_SIGNING_KEYS_SECRET", "")
DZONG_SIGNING_ORGANISATION = env_str("DZONG_SIGNING_ORGANISATION", "Dzong demo")
DZONG_SIGNING_AUTHORITY_NAME = env_str("DZONG_SIGNING_AUTHORITY_NAME", "Dzong demo root authority")
DZONG_CERTIFICATE_TIBETAN_FONT = env_str(
    "DZONG_CERTIFICATE_TIBETAN_FONT", "/usr/share/fonts/truetype/tibetan/DDC_Uchen.ttf"
)
DZONG_CERTIFICATE_RENEWAL_DAYS = env_int("DZONG_CERTIFICATE_RENEWAL_DAYS", 30)
DZONG_CERTIFICATE_MAX_UPLOAD_BYTES = env_int("DZONG_CERTIFICATE_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
DZONG_CREDENTIAL_MAX_BYTES = env_int("DZONG_CREDENTIAL_MAX_BYTES", 64 * 1024)
DZONG_API_MAX_BYTES = env_int("DZONG_API_MAX_BYTES", 256 * 1024)
DZONG_API_REQUESTS_PER_MINUTE = env_int("DZONG_API_REQUESTS_PER_MINUTE", 600)

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DZONG_LOG_LEVEL", "INFO")},
    # The PDF printer reports every step of every certificate at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Accounts and email. Sign-in methods are a registry (dzong.accounts.identity).
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "portal:home"
DZONG_SIGN_IN_METHODS = env_list("DZONG_SIGN_IN_METHODS", ["password"])
DZONG_SIGN_IN_MAX_FAILURES = env_int("DZONG_SIGN_IN_MAX_FAILURES", 10)
DZONG_SIGN_IN_LOCKOUT_SECONDS = env_int("DZONG_SIGN_IN_LOCKOUT_SECONDS", 15 * 60)
# The national identity's OpenID Connect provider (its issuer address) and Dzong's client id
# and secret there; offered when DZONG_SIGN_IN_METHODS lists "national-identity".
DZONG_OIDC_PROVIDER_URL = env_str("DZONG_OIDC_PROVIDER_URL", "http://127.0.0.1:8002/o")
DZONG_OIDC_CLIENT_ID = env_str("DZONG_OIDC_CLIENT_ID", "dzong-demo")
DZONG_OIDC_CLIENT_SECRET = env_str(
    "DZONG_OIDC_CLIENT_SECRET", "identity-sandbox-development-secret" if _STAND_INS else ""
)
# Signing in by presenting the national identity credential from a wallet (OpenID for
# Verifiable Presentations), offered when DZONG_SIGN_IN_METHODS lists "wallet": the address that
# opens the wallet (a phone's wallet app answers openid4vp://), the issuers whose credentials are
# trusted, the credential's type, and how long a request waits for the wallet.
DZONG_WALLET_LINK = env_str("DZONG_WALLET_LINK", "openid4vp://")
DZONG_WALLET_TRUSTED_ISSUERS = env_list(
    "DZONG_WALLET_TRUSTED_ISSUERS", ["http://127.0.0.1:8002"] if _STAND_INS else []
)
DZONG_WALLET_CREDENTIAL_TYPE = env_str(
    "DZONG_WALLET_CREDENTIAL_TYPE", "urn:bt:ndi:foundational-id:1"
)
DZONG_WALLET_REQUEST_SECONDS = env_int("DZONG_WALLET_REQUEST_SECONDS", 300)
# The address that opens the holder's wallet on an offer of a certificate (OpenID for
# Verifiable Credential Issuance).
DZONG_WALLET_OFFER_LINK = env_str("DZONG_WALLET_OFFER_LINK", "openid-credential-offer://")
DZONG_WALLET_OFFERS = env_bool("DZONG_WALLET_OFFERS", True)
# Staff TOTP secrets are stored encrypted with this key (the secret key when empty); changing
# it makes them unreadable, and each member of staff enrols again.
DZONG_TOTP_SECRETS_KEY = env_str("DZONG_TOTP_SECRETS_KEY", "")
# Staff passkeys (WebAuthn) belong to this relying party id (a domain) and origin; empty: the
# host and the origin of DZONG_SITE_URL. Changing the id makes every passkey unusable.
DZONG_WEBAUTHN_RP_ID = env_str("DZONG_WEBAUTHN_RP_ID", "")
DZONG_WEBAUTHN_ORIGIN = env_str("DZONG_WEBAUTHN_ORIGIN", "")
# Days the link in an invitation to the back office (`dzong staff invite`) works.
DZONG_INVITATION_DAYS = env_int("DZONG_INVITATION_DAYS", 7)
# A member of staff's session ends after this many minutes without a request.
DZONG_STAFF_IDLE_MINUTES = env_int("DZONG_STAFF_IDLE_MINUTES", 30)
DZONG_SIGN_IN_MAX_FAILURES_PER_ADDRESS = env_int("DZONG_SIGN_IN_MAX_FAILURES_PER_ADDRESS", 100)
# Seconds a one-time code sent by SMS (to sign in, sign up or consent) can be used.
DZONG_ONE_TIME_CODE_SECONDS = env_int("DZONG_ONE_TIME_CODE_SECONDS", 600)
PASSWORD_RESET_TIMEOUT = env_int("DZONG_PASSWORD_RESET_SECONDS", 60 * 60)
EMAIL_BACKEND = env_str("DZONG_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("DZONG_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DZONG_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DZONG_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("DZONG_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DZONG_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("DZONG_EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DZONG_FROM_EMAIL", "Dzong <no-reply@dzong.localhost>")

# Text messages go through a gateway of dzong.notifications.gateways: "log" (the demo's:
# sends nothing) or "http" (JSON posted to DZONG_SMS_URL with DZONG_SMS_KEY as a bearer key).
DZONG_SMS_GATEWAY = env_str("DZONG_SMS_GATEWAY", "log")
DZONG_SMS_URL = env_str("DZONG_SMS_URL", "")
DZONG_SMS_KEY = env_str("DZONG_SMS_KEY", "")
DZONG_SMS_SENDER = env_str("DZONG_SMS_SENDER", "Dzong")
DZONG_SMS_TIMEOUT = env_int("DZONG_SMS_TIMEOUT", 10)
