"""A deploy check: the installation signs sessions and links with a secret of its own."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

HINT = (
    "Set DZONG_SECRET_KEY to a long random string, e.g. the output of "
    "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`. Only the demo "
    "(DZONG_DEMO=1) and a developer's machine (DZONG_DEBUG=1) run without one."
)


@register(Tags.security, deploy=True)
def check_secret_key(**kwargs: Any) -> list[CheckMessage]:
    """An error when no secret key is set (outside the demo and debug mode it stays empty)."""
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        key = ""
    if key:
        return []
    return [Error("DZONG_SECRET_KEY is not set.", hint=HINT, id="dzong.accounts.E001")]


@register(Tags.security, deploy=True)
def check_national_identity(**kwargs: Any) -> list[CheckMessage]:
    """When the national identity is offered: an error without a client secret, or with the
    sandbox's development secret, or with a provider address that is not https."""
    if "national-identity" not in settings.DZONG_SIGN_IN_METHODS or settings.DZONG_DEMO:
        return []
    found: list[CheckMessage] = []
    if settings.DZONG_OIDC_CLIENT_SECRET in ("", "identity-sandbox-development-secret"):
        found.append(
            Error(
                "DZONG_OIDC_CLIENT_SECRET is not set, or is the sandbox's.",
                hint="Set it to the secret the national identity provider gave this installation.",
                id="dzong.accounts.E002",
            )
        )
    if not settings.DZONG_OIDC_PROVIDER_URL.startswith("https://") and not settings.DEBUG:
        found.append(
            Error(
                "DZONG_OIDC_PROVIDER_URL is not an https address.",
                hint="The national identity's keys and tokens must come over TLS.",
                id="dzong.accounts.E003",
            )
        )
    return found
