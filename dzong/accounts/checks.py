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
