"""Deploy checks: callbacks are signed with a secret that is set, and not the sandbox's."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from dzong.payments.sandbox_server import DEVELOPMENT_SECRET


@register(Tags.security, deploy=True)
def check_payment_secret(**kwargs: Any) -> list[CheckMessage]:
    """An error when no secret is set; a warning when a real gateway would trust the sandbox's."""
    if not settings.DZONG_PAYMENT_HMAC_SECRET:
        return [
            Error(
                "DZONG_PAYMENT_HMAC_SECRET is not set: payment callbacks cannot be checked.",
                hint="Set it to the secret the payment gateway shares with this installation. "
                "Only the demo (DZONG_DEMO=1) and DZONG_DEBUG=1 run without one.",
                id="dzong.payments.E001",
            )
        ]
    if settings.DZONG_PAYMENT_PROVIDER == "sandbox":
        return []
    if settings.DZONG_PAYMENT_HMAC_SECRET == DEVELOPMENT_SECRET:
        return [
            Warning(
                "DZONG_PAYMENT_HMAC_SECRET is the sandbox's: anyone could sign a payment callback.",
                id="dzong.payments.W001",
            )
        ]
    return []
