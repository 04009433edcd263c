"""SMS gateways: a small registry; the settings choose one (DZONG_SMS_GATEWAY)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings

from dzong.registry import Registry


class SmsGateway:
    """Sends one text message; returns the gateway's id for it, raises on failure."""

    code: ClassVar[str] = ""

    def send(self, *, to: str, text: str) -> str:
        raise NotImplementedError


GATEWAYS: Registry[SmsGateway] = Registry("SMS gateway")
register = GATEWAYS.register


def current_gateway() -> SmsGateway:
    """The gateway the settings name."""
    from dzong.notifications.gateways import http_gateway, log_gateway  # noqa: F401  (register)

    return GATEWAYS[settings.DZONG_SMS_GATEWAY]()
