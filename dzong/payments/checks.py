"""A deploy check: a real gateway must not run with the sandbox's well-known secret."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

from dzong.payments.sandbox_server import DEVELOPMENT_SECRET


@register(Tags.security, deploy=True)
def check_payment_secret(**kwargs: Any) -> list[CheckMessage]:
    """Warn when a provider other than the sandbox would trust the development secret."""
    if settings.DZONG_PAYMENT_PROVIDER == "sandbox":
        return []
    if settings.DZONG_PAYMENT_HMAC_SECRET in ("", DEVELOPMENT_SECRET):
        return [
            Warning(
                "DZONG_PAYMENT_HMAC_SECRET is not set: anyone could sign a payment callback.",
                id="dzong.payments.W001",
            )
        ]
    return []
