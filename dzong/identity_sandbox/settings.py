"""Settings of the sandbox identity provider: a Django project apart from Dzong's.

The server (`dzong.identity_sandbox.__main__`) fills IDENTITY_SANDBOX_* from its arguments
before Django starts.
"""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
SECRET_KEY = os.environ.get("IDENTITY_SANDBOX_SECRET_KEY", "identity-sandbox-development-key")
DEBUG = False
ALLOWED_HOSTS = ["*"]
USE_TZ = True
ROOT_URLCONF = "dzong.identity_sandbox.urls"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "dzong.identity_sandbox",  # before oauth2_provider: its consent page is ours
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csrf",
            ]
        },
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("IDENTITY_SANDBOX_DATABASE", str(HERE / "sandbox.sqlite3")),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # demo citizens only
LOGIN_URL = "/citizen/"
SESSION_COOKIE_NAME = "identity_sandbox_session"
CSRF_COOKIE_NAME = "identity_sandbox_csrftoken"
LANGUAGE_CODE = "en"

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "PKCE_REQUIRED": True,
    "OIDC_RSA_PRIVATE_KEY": os.environ.get("IDENTITY_SANDBOX_PRIVATE_KEY", ""),
    "OAUTH2_VALIDATOR_CLASS": "dzong.identity_sandbox.validator.CitizenValidator",
    "SCOPES": {
        "openid": "Know that it is you",
        "profile": "Your citizenship ID number, name, date of birth and mobile number",
    },
    "DEFAULT_SCOPES": ["openid"],
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
    "REQUEST_APPROVAL_PROMPT": "force",
    "ID_TOKEN_EXPIRE_SECONDS": 300,
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "django.request": {"handlers": ["console"], "level": "ERROR"},
    },
}
